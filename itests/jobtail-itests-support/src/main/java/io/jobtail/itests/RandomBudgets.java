package io.jobtail.itests;

import java.util.Random;

/**
 * Cuts every connection after a random number of bytes per direction, uniform in
 * {@code [1, 2 × mean]}, drawn from one {@link Random} seeded by the caller in the order the
 * connections are accepted. Bytes count against the budget only while cutting is on.
 */
final class RandomBudgets implements CutRule {
    private final long meanUp;
    private final long meanDown;
    /** Guarded by itself: the one source of budgets. */
    private final Random random;

    RandomBudgets(long seed, long meanUp, long meanDown) {
        if (meanUp < 1 || meanDown < 1) {
            throw new IllegalArgumentException("mean bytes before a cut < 1: up " + meanUp + ", down " + meanDown);
        }
        this.meanUp = meanUp;
        this.meanDown = meanDown;
        this.random = new Random(seed);
    }

    @Override
    public ConnectionCut newConnection() {
        synchronized (random) {
            long up = 1 + (long) (random.nextDouble() * 2 * meanUp);
            long down = 1 + (long) (random.nextDouble() * 2 * meanDown);
            return new Budgets(up, down);
        }
    }

    private static final class Budgets implements ConnectionCut {
        /** Bytes each direction may still forward while cutting is on; guarded by this. */
        private long up;
        private long down;

        Budgets(long up, long down) {
            this.up = up;
            this.down = down;
        }

        @Override
        public synchronized int forward(boolean toServer, byte[] buffer, int n, boolean cutting) {
            if (!cutting) {
                return n;
            }
            long allowed = Math.min(n, toServer ? up : down);
            if (toServer) {
                up -= allowed;
            } else {
                down -= allowed;
            }
            return (int) allowed;
        }
    }
}
