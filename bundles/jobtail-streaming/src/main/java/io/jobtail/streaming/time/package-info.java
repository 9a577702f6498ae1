/**
 * Injected time: a {@link io.jobtail.streaming.time.Ticker} says what time it is, a
 * {@link io.jobtail.streaming.time.Sleeper} waits, a {@link io.jobtail.streaming.time.Scheduler}
 * runs periodic checks. Production code takes them as parameters so tests drive time by hand.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.jobtail.streaming.time;
