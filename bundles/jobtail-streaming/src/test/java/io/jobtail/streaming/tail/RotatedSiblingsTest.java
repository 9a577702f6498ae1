package io.jobtail.streaming.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotatedSiblingsTest {
    final RotatedSiblings siblings = new RotatedSiblings(Path.of("/logs/log.txt"));

    @Test
    void theSupportedNamesAreTheLogsNameADotAndASuffixWithADigit() {
        for (String name : List.of("log.txt.1", "log.txt.12", "log.txt.r7", "log.txt.2026-11-21", "log.txt.2026-11-21_10-00")) {
            assertTrue(siblings.matches(name), name);
        }
        for (String name : List.of("log.txt", "log.txt.", "log.txt.written", "log.txt.1.gz", "log.txt-20261121", "log.txt.1.tmp",
                ".log.txt.jobtail-cursor", "xlog.txt.1", "log.txt2.1")) {
            assertFalse(siblings.matches(name), name);
        }
    }

    @Test
    void onEqualTimesNumbersCountDownToTheNewestAndOtherSuffixesCountUp() {
        List<String> names = new ArrayList<>(List.of("1", "10", "2", "r10", "r2", "r1", "2026-11-21_9", "2026-11-21_10"));
        names.sort(RotatedSiblings::compareNames);
        assertEquals(List.of("10", "2", "1", "2026-11-21_9", "2026-11-21_10", "r1", "r2", "r10"), names);
    }
}
