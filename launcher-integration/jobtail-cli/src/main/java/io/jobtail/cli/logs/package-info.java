/**
 * The pure parts of {@code jobtail logs}: parsing {@code --since}, the filters (since, tail,
 * max-bytes), rendering JSON log records for people, and the human and JSON renderers.
 *
 * <p>Nothing here does I/O but writing to the streams it is given, and nothing reads the clock
 * but {@link io.jobtail.cli.logs.SinceParser}, which is given one. The behaviour is that of the
 * original {@code nvflare job logs}: see {@link io.jobtail.cli.logs.LogBounds} for the filter
 * order and the default 500-line tail.
 *
 * <p>Text is split into lines as Python's {@code str.splitlines} does ({@link
 * io.jobtail.cli.logs.LogLines}), because line counts and tails must match the original exactly.
 */
package io.jobtail.cli.logs;
