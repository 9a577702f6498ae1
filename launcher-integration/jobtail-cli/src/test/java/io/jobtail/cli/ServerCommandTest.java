package io.jobtail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.cli.output.ErrorCode;
import io.jobtail.cli.output.ExitCode;
import io.jobtail.host.server.ServerRuntime;
import io.jobtail.transport.http.SiteTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobtail server} that cannot start: the command returns (so {@code main} reaches its
 * {@code System.exit}) with a non-zero exit code and one line on stderr naming the workspace and
 * the cause, and leaves nothing listening.
 */
class ServerCommandTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @TempDir Path dir;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;
  private Path ws;

  @BeforeEach
  void provisionAndCapture() throws IOException {
    SiteTokens.provision(List.of("site-1"), dir);
    ws = dir.resolve(SiteTokens.SERVER_DIR);
    savedOut = ServerCommand.out;
    savedErr = ServerCommand.err;
    ServerCommand.out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    ServerCommand.err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
  }

  @AfterEach
  void restore() {
    ServerCommand.out = savedOut;
    ServerCommand.err = savedErr;
  }

  private int runServer(int port) {
    return Main.commandLine().execute("server", "--workspace", ws.toString(), "--port", Integer.toString(port));
  }

  private String firstErrLine() {
    return errBytes.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
  }

  @Test
  void aPortInUseEndsTheCommandNamingThePortAndTheWorkspace() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
      int port = taken.getLocalPort();

      assertEquals(ExitCode.INTERNAL_ERROR, runServer(port));

      String line = firstErrLine();
      assertTrue(line.startsWith("Jobtail server could not start in workspace " + ws.toAbsolutePath() + ". \u2014 "), line);
      assertTrue(line.contains("cannot listen on " + LOOPBACK.getHostAddress() + ":" + port + " (java.net.BindException"), line);
      assertTrue(errBytes.toString(StandardCharsets.UTF_8).endsWith("Code: " + ErrorCode.SERVER_START_FAILED + " (exit 5)\n"),
          errBytes.toString(StandardCharsets.UTF_8));
      assertEquals("", outBytes.toString(StandardCharsets.UTF_8), "nothing announced on stdout");
    }
  }

  @Test
  void aWidgetFailingWithAnErrorOnStartEndsTheCommandAndFreesThePort() throws IOException {
    Files.writeString(ws.resolve(ServerRuntime.CONFIG_FILE),
        "{\"components\": [{\"id\": \"broken\", \"path\": \"" + MissingDependencyWidget.TYPE + "\"}]}");
    int port = freePort();

    assertEquals(ExitCode.INTERNAL_ERROR, runServer(port));

    String line = firstErrLine();
    assertTrue(line.startsWith("Jobtail server could not start in workspace " + ws.toAbsolutePath() + ". \u2014 "), line);
    assertTrue(line.endsWith("java.lang.NoClassDefFoundError: " + MissingDependencyWidget.MISSING), line);
    assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, port).close(),
        "something still accepts connections on port " + port + " after the failed start");
    assertFalse(Files.exists(ws.resolve(ServerRuntime.URL_FILE)), "a failed start wrote " + ServerRuntime.URL_FILE);
  }

  /** A port free a moment ago, so that the test knows which port the failed start had bound. */
  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      return probe.getLocalPort();
    }
  }
}
