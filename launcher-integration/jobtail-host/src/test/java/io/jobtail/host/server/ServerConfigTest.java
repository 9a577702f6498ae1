package io.jobtail.host.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.host.Components;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path ws;

    private ServerConfig write(String json) throws Exception {
        Files.writeString(ws.resolve(ServerConfig.FILE), json);
        return ServerConfig.read(ws);
    }

    private static String receiver(String args) {
        return "{\"components\": [{\"id\": \"log_receiver\", \"path\": \"io.jobtail.receiver.JobLogReceiver\", \"args\": "
                + args + "}]}";
    }

    private static String destDir(ServerConfig config) {
        return config.document().get("components").get(0).get("args").get("dest_dir").asText();
    }

    @Test
    void relativeDestDirResolvesAgainstTheWorkspaceNotTheWorkingDirectory() throws Exception {
        ServerConfig config = write(receiver("{\"dest_dir\": \"logs/../store-rel\", \"idle_timeout\": 2}"));
        assertEquals(ws.resolve("store-rel").toString(), destDir(config), "what the receiver is created with");
        assertEquals(ws.resolve("store-rel"), config.storeRoot(), "where the query API reads");
        assertEquals(2, config.document().get("components").get(0).get("args").get("idle_timeout").asInt(),
                "the other args pass unchanged");
        // the receiver bundle accepts what the host hands it
        assertEquals(1, Components.discover().create(config.document(), "server.json").size());
    }

    @Test
    void absoluteDestDirIsKept() throws Exception {
        Path elsewhere = ws.resolveSibling(ws.getFileName() + "-store");
        ServerConfig config = write(receiver("{\"dest_dir\": \"" + elsewhere + "\"}"));
        assertEquals(elsewhere.toString(), destDir(config));
        assertEquals(elsewhere, config.storeRoot());
    }

    @Test
    void receiverWithoutDestDirStoresInTheWorkspaceStore() throws Exception {
        assertEquals(ws.resolve("store").toString(), destDir(write(receiver("{}"))));
        assertEquals(ws.resolve("store").toString(), destDir(write(receiver("null"))));
    }

    @Test
    void noServerJsonMeansOneReceiverInTheWorkspaceStore() {
        ServerConfig config = ServerConfig.read(ws);
        assertEquals(ws.resolve("store").toString(), destDir(config));
        assertEquals(JobRegistry.DEFAULT_HAND_OUT_LEASE, config.handOutLease());
    }

    @Test
    void destDirThatIsNotADirectoryPathIsRefusedNamingTheValue() throws Exception {
        Files.writeString(ws.resolve("a-file"), "x");
        for (String bad : new String[] {"42", "\"\"", "\"  \"", "null", "[\"store\"]", "\"a-file\"", "\"bad\\u0000name\""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> write(receiver("{\"dest_dir\": " + bad + "}")), bad);
            assertTrue(e.getMessage().contains("dest_dir") && e.getMessage().contains("is not a directory path")
                    && e.getMessage().contains("server.json") && e.getMessage().contains("log_receiver"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(receiver("{\"dest_dir\": 42}")));
        assertTrue(e.getMessage().contains("dest_dir 42 "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> write(receiver("{\"dest_dir\": \"a-file\"}")));
        assertTrue(e.getMessage().contains("\"a-file\"") && e.getMessage().contains("exists and is not a directory"),
                e.getMessage());
    }

    @Test
    void handOutLeaseIsConfigurableAndMustBePositive() throws Exception {
        assertEquals(Duration.ofMillis(1500), write("{\"hand_out_lease_seconds\": 1.5}").handOutLease());
        for (String bad : new String[] {"0", "-1", "\"30\"", "true"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> write("{\"hand_out_lease_seconds\": " + bad + "}"));
            assertTrue(e.getMessage().contains("hand_out_lease_seconds " + bad), e.getMessage());
        }
    }

    @Test
    void serverJsonThatIsNotAnObjectIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write("[]"));
        assertTrue(e.getMessage().contains("server.json"), e.getMessage());
    }
}
