/**
 * The server's log store: every log a site streams, kept at {@code <root>/<job>/<site>/<file>}
 * and appended as its bytes arrive (so {@code tail -f} follows it), with
 * {@code <file>.state.json} beside it saying whether the stream is still running.
 *
 * <p>{@link io.jobtail.receiver.store.LogStore} is the entry point: it opens
 * {@link io.jobtail.receiver.store.LogWriter writers} for the receiver (append and resume for
 * {@code LIVE} streams, replace-on-complete for {@code SNAPSHOT} streams) and answers the read
 * side of the query API ({@link io.jobtail.receiver.store.LogSlice slices},
 * {@link io.jobtail.receiver.store.LogState states} and listings). Bytes carry stream offsets, so
 * a duplicate prefix is dropped and a gap is refused with the offset held
 * ({@link io.jobtail.receiver.store.OffsetGapException}); a per-log quota cuts a log that grows
 * too large ({@link io.jobtail.receiver.store.QuotaExceededException}).
 *
 * <p>Every path is built from names checked by {@link io.jobtail.api.Names}; nothing is ever
 * written outside the root. The per-log lock, the shared append channel and the state file
 * format live in package-private classes ({@code LogFile}, {@code OffsetFile},
 * {@code StateFile}, {@code StoreLayout}). Not exported for now: the receiver in
 * {@code io.jobtail.receiver} is the only user.
 */
package io.jobtail.receiver.store;
