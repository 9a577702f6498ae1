/**
 * The {@code jobtail} command's subcommands that talk to a Jobtail server. {@link
 * io.jobtail.cli.LogsCommand} is {@code jobtail logs}; its pure parts live in {@code
 * io.jobtail.cli.logs}, the shared output contract (envelope, error codes, exit codes) in {@code
 * io.jobtail.cli.output}.
 *
 * <p>Commands get their clock, output streams, HTTP client and sleeper injected, so tests drive them
 * against a loopback server without waiting.
 */
package io.jobtail.cli;
