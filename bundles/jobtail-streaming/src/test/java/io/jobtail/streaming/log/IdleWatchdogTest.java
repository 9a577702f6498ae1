package io.jobtail.streaming.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobtail.streaming.testing.FakeTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleWatchdogTest {
    final FakeTime time = new FakeTime();
    final IdleWatchdog watchdog = new IdleWatchdog(time, time, Duration.ofSeconds(1));

    @Test
    void aThousandWatchesShareOneScheduledCheck() {
        AtomicInteger fired = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            watchdog.watch(Duration.ofSeconds(30), fired::incrementAndGet);
        }
        assertEquals(1, time.scheduledTasks());
        time.advance(Duration.ofSeconds(29));
        assertEquals(0, fired.get());
        time.advance(Duration.ofSeconds(2));
        assertEquals(1000, fired.get());
        assertEquals(0, watchdog.size());
        assertEquals(0, time.scheduledTasks());
    }

    @Test
    void touchingPostponesAndCancellingPrevents() {
        AtomicInteger fired = new AtomicInteger();
        IdleWatchdog.Watch touched = watchdog.watch(Duration.ofSeconds(10), fired::incrementAndGet);
        IdleWatchdog.Watch cancelled = watchdog.watch(Duration.ofSeconds(10), fired::incrementAndGet);
        time.advance(Duration.ofSeconds(8));
        touched.touch();
        cancelled.cancel();
        time.advance(Duration.ofSeconds(8));
        assertEquals(0, fired.get());
        time.advance(Duration.ofSeconds(3));
        assertEquals(1, fired.get());
        time.advance(Duration.ofSeconds(60));
        assertEquals(1, fired.get(), "fires at most once");
    }
}
