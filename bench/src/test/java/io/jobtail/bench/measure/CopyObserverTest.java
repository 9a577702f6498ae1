package io.jobtail.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyObserverTest {
    @TempDir
    Path dir;

    @Test
    void everyTimedLineOfACopyThatAppearsLaterIsRecordedOnce() throws Exception {
        LatencyRecorder recorder = new LatencyRecorder(Long.MIN_VALUE);
        Path copy = dir.resolve("not-yet").resolve("log.txt");
        CopyObserver observer = new CopyObserver(recorder);
        try {
            observer.follow(copy);
            Thread.sleep(20);
            copy.getParent().toFile().mkdirs();
            try (FileOutputStream out = new FileOutputStream(copy.toFile(), true)) {
                for (int i = 0; i < 50; i++) {
                    byte[] line = TimedLine.format(i, System.nanoTime());
                    out.write(line, 0, 60); // split lines: the observer must join the halves
                    out.write(line, 60, line.length - 60);
                }
                out.write("untimed\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        } finally {
            observer.close(); // reads everything once more before it returns
        }
        assertEquals(50, recorder.seen());
        assertTrue(recorder.percentiles().at(50) >= 0, "latencies are never negative");
    }
}
