package io.jobtail.cli.output;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The single JSON document a command prints on stdout in JSON mode, byte for byte the envelope of
 * the original NVFlare CLI:
 *
 * <pre>
 * {"schema_version": "1", "status": "ok", "exit_code": 0, "data": {...}}
 * {"schema_version": "1", "status": "error", "exit_code": 1, "error_code": "JOB_NOT_FOUND", "message": "...", "hint": "..."}
 * </pre>
 *
 * <p>{@code data} may be any value {@link PythonJson} can write; build it with {@link LinkedHashMap}
 * so the keys keep the order you put them in. The returned text has no trailing newline.
 *
 * <p>Reuse from another command:
 *
 * <pre>{@code
 * Map<String, Object> data = new LinkedHashMap<>();
 * data.put("job_id", jobId);
 * data.put("status", "ABORTED");
 * out.println(JsonEnvelope.ok(data));          // success, exit ExitCode.OK
 * // failure: throw new CliFailure(ErrorCode.JOB_NOT_FOUND, "Job '" + jobId + "' does not exist.");
 * //          and at the edge: return ErrorOutput.write(failure, json, out, err);
 * }</pre>
 */
public final class JsonEnvelope {
  /** The envelope's {@code schema_version}; bump only for an incompatible change. */
  public static final String SCHEMA_VERSION = "1";

  private JsonEnvelope() {}

  /** A success envelope around {@code data}, with exit code 0. */
  public static String ok(Object data) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("schema_version", SCHEMA_VERSION);
    envelope.put("status", "ok");
    envelope.put("exit_code", ExitCode.OK);
    envelope.put("data", data);
    return PythonJson.dumps(envelope);
  }

  /** An error envelope: {@code code}'s exit code and hint, and {@code message} as shown to people. */
  public static String error(ErrorCode code, String message) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("schema_version", SCHEMA_VERSION);
    envelope.put("status", "error");
    envelope.put("exit_code", code.exitCode());
    envelope.put("error_code", code.name());
    envelope.put("message", message);
    envelope.put("hint", code.hint());
    return PythonJson.dumps(envelope);
  }
}
