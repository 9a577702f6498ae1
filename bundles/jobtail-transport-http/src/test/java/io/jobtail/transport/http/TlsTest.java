package io.jobtail.transport.http;

import static io.jobtail.transport.http.HttpMessengerTest.SITE_1_TOKEN;
import static io.jobtail.transport.http.HttpMessengerTest.SITE_2_TOKEN;
import static io.jobtail.transport.http.HttpMessengerTest.TOKENS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ReturnCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with key stores made by {@code keytool} at test time: tokens over TLS, and client certificates. */
class TlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Destination DEST = new Destination(Destination.SERVER, "log_streaming", "live_log", "job-1");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path keys;

    private static KeyStore serverKeys;
    private static KeyStore site1Keys;
    private static KeyStore untrustedKeys;

    private final RecordingHandler handler = new RecordingHandler();
    private HttpMessageServer server;

    @BeforeAll
    static void makeKeyStores() throws Exception {
        serverKeys = generate("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        site1Keys = generate("site-1", "CN=site-1", null);
        untrustedKeys = generate("site-3", "CN=site-3", null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTokenAuthenticatesOverTls() throws Exception {
        server = start(false);
        HttpMessenger site1 = HttpMessenger.builder(server.uri())
                .sslContext(context(null, trusting(serverKeys, "server")))
                .token(SITE_1_TOKEN)
                .build();

        Message reply = site1.request(DEST, Message.of(Map.of("k", "v"), new byte[] {1, 2, 3}), TIMEOUT);

        assertEquals("https", server.uri().getScheme());
        assertEquals("yes", reply.header("handled"));
        assertEquals(new Peer("site-1", "job-1"), handler.onlyCall().peer());
    }

    @Test
    void aVerifiedClientCertificateAuthenticatesAsItsCommonName() throws Exception {
        server = start(true);
        HttpMessenger site1 = HttpMessenger.builder(server.uri())
                .sslContext(context(site1Keys, trusting(serverKeys, "server")))
                .build();

        site1.request(DEST, Message.empty(), TIMEOUT);

        assertEquals(new Peer("site-1", "job-1"), handler.onlyCall().peer());
    }

    @Test
    void aTokenStillWorksWhereCertificatesAreAccepted() throws Exception {
        server = start(true);
        HttpMessenger site2 = HttpMessenger.builder(server.uri())
                .sslContext(context(null, trusting(serverKeys, "server")))
                .token(SITE_2_TOKEN)
                .build();

        site2.request(DEST, Message.empty(), TIMEOUT);

        assertEquals("site-2", handler.onlyCall().peer().site());
    }

    @Test
    void aCertificateAndATokenNamingDifferentSitesAreRefused() throws Exception {
        server = start(true);
        HttpMessenger confused = HttpMessenger.builder(server.uri())
                .sslContext(context(site1Keys, trusting(serverKeys, "server")))
                .token(SITE_2_TOKEN)
                .build();

        MessengerException e = assertThrows(MessengerException.class, () -> confused.request(DEST, Message.empty(), TIMEOUT));

        assertEquals(ReturnCode.UNAUTHORIZED, e.returnCode());
        assertTrue(e.getMessage().contains("name different sites"), e.getMessage());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aCertificateTheServerDoesNotTrustNeverAuthenticates() throws Exception {
        server = start(true);
        HttpMessenger stranger = HttpMessenger.builder(server.uri())
                .sslContext(context(untrustedKeys, trusting(serverKeys, "server")))
                .build();

        MessengerException e = assertThrows(MessengerException.class, () -> stranger.request(DEST, Message.empty(), TIMEOUT));

        // The server names the issuers it accepts, so the client does not even offer this one.
        assertEquals(ReturnCode.UNAUTHORIZED, e.returnCode(), e.getMessage());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aCertificateIsIgnoredWhenCertificatesAreNotAccepted() throws Exception {
        server = start(false);
        HttpMessenger certOnly = HttpMessenger.builder(server.uri())
                .sslContext(context(site1Keys, trusting(serverKeys, "server")))
                .build();

        MessengerException e = assertThrows(MessengerException.class, () -> certOnly.request(DEST, Message.empty(), TIMEOUT));

        assertEquals(ReturnCode.UNAUTHORIZED, e.returnCode());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aClientThatDoesNotTrustTheServerGetsACommunicationError() throws Exception {
        server = start(false);
        HttpMessenger untrusting = HttpMessenger.builder(server.uri())
                .sslContext(context(null, trusting(site1Keys, "site-1")))
                .token(SITE_1_TOKEN)
                .build();

        MessengerException e = assertThrows(MessengerException.class, () -> untrusting.request(DEST, Message.empty(), TIMEOUT));

        assertEquals(ReturnCode.COMMUNICATION_ERROR, e.returnCode());
        assertTrue(handler.calls.isEmpty());
    }

    private HttpMessageServer start(boolean clientCertificates) throws Exception {
        HttpMessageServer s = HttpMessageServer.builder()
                .tokens(TOKENS)
                .tls(context(serverKeys, trusting(site1Keys, "site-1")))
                .clientCertificates(clientCertificates)
                .options(HttpTransportOptions.defaults().withExecutorThreads(2))
                .start();
        s.register("log_streaming", "live_log", handler);
        return s;
    }

    private static SSLContext context(KeyStore keyStore, KeyStore trustStore) throws Exception {
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A trust store holding only the certificate of {@code alias} in {@code keyStore}. */
    private static KeyStore trusting(KeyStore keyStore, String alias) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(alias, keyStore.getCertificate(alias));
        return trust;
    }

    /** Runs {@code keytool -genkeypair} (bounded to a minute) and loads the result. */
    private static KeyStore generate(String alias, String dname, String san) throws Exception {
        Path store = keys.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new ArrayList<>(List.of(keytool, "-genkeypair",
                "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
        if (san != null) {
            command.addAll(List.of("-ext", san));
        }
        Path output = keys.resolve(alias + ".keytool.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("keytool did not finish within 60 s: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): "
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }
}
