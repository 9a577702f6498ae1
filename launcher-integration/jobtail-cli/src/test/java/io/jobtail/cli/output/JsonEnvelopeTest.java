package io.jobtail.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEnvelopeTest {
  @Test
  void okEnvelopeWrapsDataLikePythonJsonDumps() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("job_id", "j\u00e9b\n");
    data.put("n", null);
    data.put("list", Arrays.asList(1, 2.0, true));
    assertEquals("{\"schema_version\": \"1\", \"status\": \"ok\", \"exit_code\": 0, \"data\": "
        + "{\"job_id\": \"j\\u00e9b\\n\", \"n\": null, \"list\": [1, 2.0, true]}}", JsonEnvelope.ok(data));
  }

  @Test
  void errorEnvelopeCarriesCodeMessageAndHint() {
    assertEquals("{\"schema_version\": \"1\", \"status\": \"error\", \"exit_code\": 4, \"error_code\": \"INVALID_ARGS\", "
        + "\"message\": \"bad\", \"hint\": \"Run the command with -h or --help for usage.\"}",
        JsonEnvelope.error(ErrorCode.INVALID_ARGS, "bad"));
  }

  @Test
  void floatsAreWrittenAsPythonRepr() {
    assertEquals("[0.1, 1e-05, 0.0001, 1e+16, 1234567890123456.0, -0.0, NaN]",
        PythonJson.dumps(Arrays.asList(0.1, 0.00001, 0.0001, 1e16, 1234567890123456.0, -0.0, Double.NaN)));
  }

  @Test
  void humanErrorsGoToStderrWithHintAndCode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ErrorOutput.write(new CliFailure(ErrorCode.CONNECTION_FAILED, "Could not connect.", "refused"), false,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ExitCode.CONNECTION_FAILED, exit);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals("Could not connect. \u2014 refused\nHint: " + ErrorCode.CONNECTION_FAILED.hint()
        + "\nCode: CONNECTION_FAILED (exit 2)\n", err.toString(StandardCharsets.UTF_8));
  }
}
