/**
 * What every {@code jobtail} command prints: the JSON envelope, error reports and exit codes.
 *
 * <p>A command computes its result as plain Java values ({@code Map}, {@code List}, {@code String},
 * numbers, booleans, {@code null}) and either renders it for people or hands it to
 * {@link io.jobtail.cli.output.JsonEnvelope#ok}. A failure is a {@link io.jobtail.cli.output.CliFailure}
 * carrying an {@link io.jobtail.cli.output.ErrorCode}; {@link io.jobtail.cli.output.ErrorOutput} writes
 * it in either mode and returns the process exit code ({@link io.jobtail.cli.output.ExitCode}).
 *
 * <p>The formats are those of the original NVFlare CLI ({@code nvflare/tool/cli_output.py}), so
 * scripts written against it keep working: the envelope is Python's {@code json.dumps} output
 * ({@code ", "} and {@code ": "} separators, non-ASCII escaped).
 */
package io.jobtail.cli.output;
