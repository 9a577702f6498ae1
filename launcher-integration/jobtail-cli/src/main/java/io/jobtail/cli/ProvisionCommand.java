package io.jobtail.cli;

import io.jobtail.cli.output.ErrorOutput;
import io.jobtail.cli.output.JsonEnvelope;
import io.jobtail.transport.http.SiteTokens;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobtail provision --sites site-1,site-2 --out DIR}: issues a token per site and one for
 * {@code admin} (the CLI's), into {@code DIR/<name>/token}, and the server's {@code DIR/server/tokens}.
 */
@Command(name = "provision", description = "Issue tokens for the sites and the admin CLI.")
public final class ProvisionCommand implements Callable<Integer> {
  static PrintStream out = System.out;
  static PrintStream err = System.err;

  @Option(names = "--sites", required = true, split = ",", paramLabel = "NAMES", description = "Comma-separated site names.")
  List<String> sites;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the tokens.")
  Path outDir;

  @Option(names = "--json", description = "Print one JSON envelope on stdout.")
  boolean json;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    return CommandEdge.run(json, out, err, "provision into " + outDir, () -> {
      List<String> names = new ArrayList<>(sites);
      if (!names.contains("admin")) {
        names.add("admin");
      }
      Map<String, Path> written;
      try {
        written = SiteTokens.provision(names, outDir);
      } catch (IllegalArgumentException | FileAlreadyExistsException e) {
        throw ServerConnection.invalid(e.getMessage());
      }
      Map<String, Object> data = new LinkedHashMap<>();
      written.forEach((name, file) -> data.put(name, file.toString()));
      data.put("server_tokens", outDir.resolve(SiteTokens.SERVER_DIR).resolve(SiteTokens.TOKENS_FILE).toString());
      if (json) {
        ErrorOutput.writeLine(out, JsonEnvelope.ok(data));
      } else {
        data.forEach((name, file) -> ErrorOutput.writeLine(out, name + ": " + file));
      }
      return 0;
    });
  }
}
