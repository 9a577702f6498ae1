package io.jobtail.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.streaming.ReturnCode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteTokensTest {
    @TempDir
    Path dir;

    @Test
    void provisionedTokensAuthenticateAsTheirNames() throws IOException {
        Map<String, Path> files = SiteTokens.provision(List.of("site-1", "site-2", "admin"), dir);
        SiteTokens tokens = SiteTokens.load(dir.resolve("server/tokens"));

        assertEquals(Set.of("site-1", "site-2", "admin"), tokens.names());
        assertEquals(dir.resolve("site-1/token"), files.get("site-1"));
        for (String name : List.of("site-1", "site-2", "admin")) {
            assertEquals(Optional.of(name), tokens.authenticate(SiteTokens.readToken(files.get(name))));
        }
        assertEquals(Optional.empty(), tokens.authenticate("not-a-token"));
        assertEquals(Optional.empty(), tokens.authenticate(""));
    }

    @Test
    void tokensAre256RandomBitsInUrlSafeBase64() throws IOException {
        Map<String, Path> files = SiteTokens.provision(List.of("site-1", "site-2"), dir);
        String t1 = SiteTokens.readToken(files.get("site-1"));
        String t2 = SiteTokens.readToken(files.get("site-2"));

        assertEquals(43, t1.length()); // 32 bytes, unpadded
        assertTrue(t1.matches("[A-Za-z0-9_-]+"), t1);
        assertNotEquals(t1, t2);
    }

    @Test
    void theServerFileHoldsNoSecret() throws IOException {
        Map<String, Path> files = SiteTokens.provision(List.of("site-1", "site-2"), dir);
        String serverFile = Files.readString(dir.resolve("server/tokens"));

        for (Path tokenFile : files.values()) {
            assertFalse(serverFile.contains(SiteTokens.readToken(tokenFile)), serverFile);
        }
        assertTrue(serverFile.lines().anyMatch(l -> l.matches("site-1 [0-9a-f]{64}")), serverFile);
    }

    @Test
    void tokenFilesAreReadableByTheOwnerOnly() throws IOException {
        Path tokenFile = SiteTokens.provision(List.of("site-1"), dir).get("site-1");
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertTrue(Files.exists(tokenFile));
            return;
        }

        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(tokenFile);

        assertEquals(PosixFilePermissions.fromString("rw-------"), permissions);
    }

    @Test
    void provisioningAgainAddsNewSitesAndKeepsOldTokens() throws IOException {
        Path first = SiteTokens.provision(List.of("site-1"), dir).get("site-1");
        Path second = SiteTokens.provision(List.of("site-2"), dir).get("site-2");
        SiteTokens tokens = SiteTokens.load(dir.resolve("server/tokens"));

        assertEquals(Optional.of("site-1"), tokens.authenticate(SiteTokens.readToken(first)));
        assertEquals(Optional.of("site-2"), tokens.authenticate(SiteTokens.readToken(second)));
    }

    @Test
    void anIssuedNameIsNotSilentlyReissued() throws IOException {
        SiteTokens.provision(List.of("site-1"), dir);

        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> SiteTokens.provision(List.of("site-2", "site-1"), dir));

        assertTrue(e.getMessage().contains("site-1"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("site-2")), "nothing is written unless every name is acceptable");
    }

    @Test
    void unsafeReservedAndRepeatedNamesAreRefusedByName() {
        IllegalArgumentException unsafe = assertThrows(IllegalArgumentException.class,
                () -> SiteTokens.provision(List.of("../etc"), dir));
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> SiteTokens.provision(List.of("server"), dir));
        IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
                () -> SiteTokens.provision(List.of("site-1", "site-1"), dir));

        assertTrue(unsafe.getMessage().startsWith("site name \"../etc\" is not allowed"), unsafe.getMessage());
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        assertTrue(repeated.getMessage().contains("twice"), repeated.getMessage());
    }

    @Test
    void aMalformedTokensFileIsRefusedNamingTheLine() throws IOException {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# comment\nsite-1 abc\n");

        IOException e = assertThrows(IOException.class, () -> SiteTokens.load(file));

        assertTrue(e.getMessage().contains(file + ":2"), e.getMessage());
        assertTrue(e.getMessage().contains("64 hex digits"), e.getMessage());
    }

    @Test
    void anEmptyTokenFileIsRefusedNamingIt() throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, "\n");

        IOException e = assertThrows(IOException.class, () -> SiteTokens.readToken(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aProvisionedSiteTalksToAServerLoadingTheTokensFile() throws Exception {
        Map<String, Path> files = SiteTokens.provision(List.of("site-1", "site-2"), dir);
        RecordingHandler handler = new RecordingHandler();
        try (HttpMessageServer server = HttpMessageServer.builder()
                .tokens(SiteTokens.load(dir.resolve("server/tokens")))
                .options(HttpTransportOptions.defaults().withExecutorThreads(1))
                .start()) {
            server.register("log_streaming", "live_log", handler);
            HttpMessenger site2 = HttpMessenger.builder(server.uri()).tokenFile(files.get("site-2")).build();
            HttpMessenger withServerFile = HttpMessenger.builder(server.uri())
                    .token(Files.readString(dir.resolve("server/tokens")).lines()
                            .filter(l -> l.startsWith("site-1 ")).findFirst().orElseThrow().split(" ")[1])
                    .build();
            Destination dest = new Destination(Destination.SERVER, "log_streaming", "live_log", "job-1");

            site2.request(dest, Message.empty(), Duration.ofSeconds(5));
            MessengerException e = assertThrows(MessengerException.class,
                    () -> withServerFile.request(dest, Message.empty(), Duration.ofSeconds(5)));

            assertEquals("site-2", handler.onlyCall().peer().site());
            assertEquals(ReturnCode.UNAUTHORIZED, e.returnCode(), "a hash from the server file is no token");
        }
    }
}
