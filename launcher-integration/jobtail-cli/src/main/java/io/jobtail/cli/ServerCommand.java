package io.jobtail.cli;

import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import io.jobtail.cli.output.ErrorOutput;
import io.jobtail.host.server.ServerRuntime;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobtail server --workspace DIR [--port N]}: runs the server on 127.0.0.1 until the process
 * is stopped (SIGTERM or Ctrl-C close it cleanly). Its URL is printed and written to
 * {@code DIR/server.url}.
 *
 * <p>A server that cannot start (its port taken, a workspace file it cannot use, a widget that
 * fails) leaves nothing running and ends the command with {@code SERVER_START_FAILED} (exit 5),
 * naming the workspace and the cause on stderr; a bad {@code server.json} is {@code INVALID_ARGS} (4).
 */
@Command(name = "server", description = "Run the Jobtail server on 127.0.0.1 until stopped.")
public final class ServerCommand implements Callable<Integer> {
  static PrintStream out = System.out;
  static PrintStream err = System.err;

  @Option(names = "--workspace", required = true, paramLabel = "DIR", description = "The server's workspace (server.json, jobs, store).")
  Path workspace;

  @Option(names = "--port", defaultValue = "0", paramLabel = "N", description = "The port; 0 (default) for an ephemeral one.")
  int port;

  @Option(names = "--tokens", paramLabel = "FILE", description = "The tokens file from provisioning (default: DIR/tokens).")
  Path tokens;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    return CommandEdge.run(false, out, err, "server " + workspace, () -> {
      if (port < 0 || port > 65535) {
        throw ServerConnection.invalid("--port must be 0..65535, got " + port);
      }
      Path tokensFile = tokens != null ? tokens : workspace.resolve("tokens");
      if (!Files.isRegularFile(tokensFile)) {
        throw ServerConnection.invalid("no tokens file at " + tokensFile + " (run 'jobtail provision' or pass --tokens)");
      }
      ServerRuntime server;
      try {
        server = ServerRuntime.start(workspace, tokensFile, port);
      } catch (IllegalArgumentException e) {
        throw ServerConnection.invalid(e.getMessage());
      } catch (Exception | Error e) { // an Error thrown on would end main() before its System.exit
        throw notStarted(e);
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "jobtail-server-shutdown"));
      ErrorOutput.writeLine(out, "Jobtail server listening at " + server.uri());
      stopped.await();
      return 0;
    });
  }

  /** A start that failed (the runtime closed what it had started), named with its workspace and cause. */
  private CliFailure notStarted(Throwable cause) {
    String why = cause instanceof BindException
        ? "cannot listen on " + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port + " (" + cause + ")"
        : cause.toString();
    return new CliFailure(ErrorCode.SERVER_START_FAILED,
        "Jobtail server could not start in workspace " + workspace.toAbsolutePath().normalize() + ".", why, cause);
  }
}
