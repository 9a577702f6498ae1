package io.jobtail.cli;

import io.jobtail.host.site.SiteRuntime;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jobtail site --name site-1 --server URL --workspace DIR --token-file F}: runs a site until
 * the process is stopped; stopping it also stops the job processes it launched.
 */
@Command(name = "site", description = "Run a site: take jobs from the server and run them as processes.")
public final class SiteCommand implements Callable<Integer> {
  static PrintStream out = System.out;
  static PrintStream err = System.err;

  @Option(names = "--name", required = true, paramLabel = "SITE", description = "This site's name (as provisioned).")
  String name;

  @Mixin SiteConnection connection;

  @Option(names = "--workspace", required = true, paramLabel = "DIR", description = "The site's workspace (site.json, job directories).")
  Path workspace;

  @Option(names = "--poll-ms", defaultValue = "500", paramLabel = "MS", description = "How often to ask the server for work (default 500).")
  long pollMillis;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    return CommandEdge.run(false, out, err, "site " + name, () -> {
      if (pollMillis <= 0) {
        throw ServerConnection.invalid("--poll-ms must be > 0, got " + pollMillis);
      }
      URI uri;
      try {
        uri = URI.create(connection.server);
      } catch (IllegalArgumentException e) {
        throw ServerConnection.invalid("--server is not a URL: '" + connection.server + "'");
      }
      SiteRuntime site;
      try {
        site = new SiteRuntime(name, uri, workspace, connection.tokenFile, Duration.ofMillis(pollMillis));
      } catch (IllegalArgumentException e) {
        throw ServerConnection.invalid(e.getMessage());
      }
      Thread main = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        site.close();
        main.interrupt();
      }, "jobtail-site-shutdown"));
      try {
        site.run();
      } catch (InterruptedException stopped) {
        // the shutdown hook closed the site
      }
      return 0;
    });
  }
}
