package io.jobtail.itests;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cuts the connection carrying the first reply that contains a marker and answers a request that
 * contains another marker, once per proxy; every other byte passes. Made for request/reply
 * protocols that send one request at a time on a connection (HTTP/1.1 without pipelining): client
 * bytes that follow server bytes start a new request, server bytes that follow client bytes start
 * its reply. Both markers are found also where they straddle two reads. The read that completes the
 * reply marker is not forwarded (earlier reads of that reply, such as its headers, are), so the
 * client never gets the whole reply although the server sent it.
 */
final class FirstReplyCut implements CutRule {
    private final byte[] request;
    private final byte[] reply;
    private final AtomicBoolean armed = new AtomicBoolean(true);

    FirstReplyCut(byte[] request, byte[] reply) {
        if (request.length == 0 || reply.length == 0) {
            throw new IllegalArgumentException("empty marker: request " + request.length + " bytes, reply "
                    + reply.length + " bytes");
        }
        this.request = request.clone();
        this.reply = reply.clone();
    }

    @Override
    public ConnectionCut newConnection() {
        return new Exchange();
    }

    /** One connection's current request and reply. */
    private final class Exchange implements ConnectionCut {
        /** All guarded by this: both pump threads call in. */
        private final StreamSearch requestSearch = new StreamSearch(request);
        private final StreamSearch replySearch = new StreamSearch(reply);
        private boolean lastToServer;
        private boolean started;
        private boolean requestMatched;

        @Override
        public synchronized int forward(boolean toServer, byte[] buffer, int n, boolean cutting) {
            boolean next = !started || toServer != lastToServer;
            started = true;
            lastToServer = toServer;
            if (toServer) {
                if (next) {
                    requestSearch.reset();
                    requestMatched = false;
                }
                requestMatched |= requestSearch.foundIn(buffer, n);
                return n;
            }
            if (next) {
                replySearch.reset();
            }
            boolean replyMatched = replySearch.foundIn(buffer, n);
            if (cutting && requestMatched && replyMatched && armed.compareAndSet(true, false)) {
                return 0;
            }
            return n;
        }
    }
}
