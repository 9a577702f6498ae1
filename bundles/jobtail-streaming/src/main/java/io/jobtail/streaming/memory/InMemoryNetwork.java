package io.jobtail.streaming.memory;

import io.jobtail.api.messaging.Destination;
import io.jobtail.streaming.time.Sleeper;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connects in-memory messengers by process name and injects faults into requests between them.
 *
 * <p>Requests run synchronously on the sender's thread, so tests are deterministic. Fault settings
 * apply to every request on the network and are consumed in order: first {@link #failNext},
 * then {@link #dropRepliesNext}, then the random rates. Thread-safe.
 */
public final class InMemoryNetwork {
    private final Map<String, InMemoryMessenger> processes = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger dropNext = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Random random;
    private volatile double failRate;
    private volatile double dropRate;
    private volatile Duration delay = Duration.ZERO;
    private volatile Sleeper sleeper = Sleeper.system();

    /**
     * Joins a process to the network.
     *
     * @param name the process's name, the target others send to (e.g. {@code server})
     * @param site the identity the transport vouches for on its requests (e.g. {@code site-1})
     */
    public InMemoryMessenger join(String name, String site) {
        InMemoryMessenger m = new InMemoryMessenger(this, site);
        processes.put(name, m);
        return m;
    }

    /** Makes {@code alias} another name of process {@code name} (e.g. server_parent → server). */
    public InMemoryNetwork alias(String alias, String name) {
        aliases.put(alias, name);
        return this;
    }

    /** A network where {@link Destination#SERVER_PARENT} reaches the process named {@link Destination#SERVER}. */
    public static InMemoryNetwork withServerAliases() {
        return new InMemoryNetwork().alias(Destination.SERVER_PARENT, Destination.SERVER);
    }

    /** The next {@code n} requests fail before reaching the receiver (connection refused). */
    public void failNext(int n) {
        failNext.set(n);
    }

    /** The next {@code n} requests reach the receiver but their replies are lost (timeout). */
    public void dropRepliesNext(int n) {
        dropNext.set(n);
    }

    /** From now on, each request fails with probability {@code failRate} or loses its reply with {@code dropRate}. */
    public void randomFaults(long seed, double failRate, double dropRate) {
        this.random = new Random(seed);
        this.failRate = failRate;
        this.dropRate = dropRate;
    }

    /** Stops random faults. */
    public void heal() {
        this.random = null;
        failNext.set(0);
        dropNext.set(0);
    }

    /** Every request waits this long before delivery, on the given sleeper. */
    public void delay(Duration d, Sleeper on) {
        this.delay = Objects.requireNonNull(d, "d");
        this.sleeper = Objects.requireNonNull(on, "on");
    }

    /** How many requests were sent on this network. */
    public int requestCount() {
        return requests.get();
    }

    InMemoryMessenger process(String target) {
        InMemoryMessenger m = processes.get(target);
        if (m == null) {
            String real = aliases.get(target);
            m = real == null ? null : processes.get(real);
        }
        return m;
    }

    Fault nextFault() throws InterruptedException {
        requests.incrementAndGet();
        if (!delay.isZero()) {
            sleeper.sleep(delay);
        }
        if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return Fault.FAIL;
        }
        if (dropNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return Fault.DROP_REPLY;
        }
        Random r = random;
        if (r != null) {
            double x;
            synchronized (r) {
                x = r.nextDouble();
            }
            if (x < failRate) {
                return Fault.FAIL;
            }
            if (x < failRate + dropRate) {
                return Fault.DROP_REPLY;
            }
        }
        return Fault.NONE;
    }

    enum Fault {
        NONE, FAIL, DROP_REPLY
    }
}
