package io.jobtail.host.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's job: logs for about {@code args[0]} seconds (default 10) at a rate that makes the
 * demo's small rotation size roll the log over a few times, with one ERROR line half way.
 */
public final class SampleJob {
    private static final Logger LOG = LoggerFactory.getLogger(SampleJob.class);

    private SampleJob() {
    }

    public static void main(String[] args) throws InterruptedException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int ticks = seconds * 10;
        String padding = "x".repeat(120);
        LOG.info("sample job starting: {} seconds", seconds);
        for (int tick = 1; tick <= ticks; tick++) {
            for (int i = 0; i < 5; i++) {
                LOG.info("round {}/{} step {} {}", tick, ticks, i, padding);
            }
            LOG.debug("round {} debug detail (visible after log-config DEBUG)", tick);
            if (tick == ticks / 2) {
                LOG.error("round {}: a simulated failure of one step (the job goes on)", tick);
            }
            Thread.sleep(100);
        }
        LOG.info("sample job done");
    }
}
