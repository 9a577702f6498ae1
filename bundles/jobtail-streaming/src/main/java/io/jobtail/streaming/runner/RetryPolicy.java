package io.jobtail.streaming.runner;

import java.time.Duration;
import java.util.Objects;

/**
 * How a sender rides out transient failures: exponential backoff from {@code initialBackoff},
 * doubling up to {@code maxBackoff}, for at most {@code budget} since the stream last moved
 * forward (a DATA, END or HEARTBEAT answered, or more bytes held than known; an OPEN answered
 * alone does not count, as a path may pass OPEN and cut every DATA). Only when the budget is
 * spent does the stream end with an error. Immutable.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration budget) {
    /** 100 ms doubling to 5 s, for up to 60 s without progress. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60));

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(budget, "budget");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive: " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be at least initialBackoff (" + initialBackoff + ")");
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget must not be negative: " + budget);
        }
    }

    /** The same policy with another budget. */
    public RetryPolicy withBudget(Duration newBudget) {
        return new RetryPolicy(initialBackoff, maxBackoff, newBudget);
    }

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    public Duration backoff(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
