package io.jobtail.itests;

/**
 * When a {@link CuttingProxy} cuts a connection: one rule per proxy, which hands every accepted
 * connection pair its own {@link ConnectionCut}.
 */
interface CutRule {
    /** The state for one newly accepted connection pair; called on the proxy's accept thread, once per pair. */
    ConnectionCut newConnection();

    /**
     * Decides, read by read, how much of a connection pair's traffic passes before the pair is cut.
     * Both pump threads of the pair call it, concurrently: implementations synchronise their state.
     */
    interface ConnectionCut {
        /**
         * How many of the {@code n} bytes just read into {@code buffer} to forward, from 0 to {@code n};
         * fewer than {@code n} makes the proxy forward that many and then reset both sockets.
         *
         * @param toServer whether the bytes go from the client to the server (a request) or back (a reply)
         * @param cutting  whether the proxy's cutting is on; while it is off a rule may watch but must
         *                 answer {@code n}
         */
        int forward(boolean toServer, byte[] buffer, int n, boolean cutting);
    }
}
