package io.jobtail.receiver.store;

import static io.jobtail.receiver.store.TestLogs.FILE;
import static io.jobtail.receiver.store.TestLogs.JOB;
import static io.jobtail.receiver.store.TestLogs.SITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every entry point refuses every bad name, for every role, before touching the disk. */
class LogStoreNamesTest {
    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock();

    static Stream<String> badNames() {
        return Stream.of("", ".", "..", "a/b", "a\\b", "/abs", "../up", "a\u0000b", "a\nb", "tab\there", "bell\u0007",
                "x".repeat(200), "\uff46\uff4f\uff4f", "a\u2215b", "log\u200b.txt", ".hidden", "-starts-with-dash",
                "sp ace", null);
    }

    static Stream<Arguments> badNamesForEachRole() {
        return badNames().flatMap(name -> Stream.of(
                Arguments.of("job id", name),
                Arguments.of("site name", name),
                Arguments.of("log file name", name)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badNamesForEachRole")
    void aBadNameIsRefusedByEveryEntryPointAndNothingIsCreated(String role, String name) throws IOException {
        Path root = dir.resolve("store");
        LogStore store = new LogStore(root, 1000, clock);
        String job = role.equals("job id") ? name : JOB;
        String site = role.equals("site name") ? name : SITE;
        String file = role.equals("log file name") ? name : FILE;

        List<Executable> calls = new ArrayList<>(List.of(
                () -> store.openLive(job, site, file),
                () -> store.openSnapshot(job, site, file, "stream-1"),
                () -> store.read(job, site, file, 0, 100),
                () -> store.read(job, site, file, -100, 100),
                () -> store.state(job, site, file)));
        if (!role.equals("log file name")) {
            calls.add(() -> store.files(job, site));
        }
        if (role.equals("job id")) {
            calls.add(() -> store.sites(job));
        }
        for (Executable call : calls) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
            assertTrue(e.getMessage().startsWith(role + " "), "the message names which name: " + e.getMessage());
            assertFalse(e.getMessage().contains("\u0000") || e.getMessage().contains("\n"),
                    "the message quotes control characters: " + e.getMessage());
        }
        assertFalse(Files.exists(root), "nothing was created: " + TestLogs.tree(dir));
    }

    @Test
    void aLogFileNamedLikeAStateFileIsRefused() {
        LogStore store = new LogStore(dir, 1000, clock);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.openLive(JOB, SITE, "log.txt.state.json"));
        assertTrue(e.getMessage().contains("log.txt.state.json") && e.getMessage().contains("reserved"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.read(JOB, SITE, "x.state.json", 0, 1));
        assertEquals(List.of(), TestLogs.tree(dir));
    }

    @Test
    void theLongestAllowedNamesWork() throws Exception {
        String longest = "a".repeat(Names.MAX_LENGTH);
        LogStore store = new LogStore(dir, 1000, clock);
        try (LogWriter w = store.openLive(longest, longest, longest)) {
            w.complete();
        }
        assertEquals(List.of(longest), store.files(longest, longest));
    }

    @Test
    void aJobDirectoryThatIsASymbolicLinkOutOfTheRootIsNeverWrittenThrough() throws Exception {
        Path root = Files.createDirectory(dir.resolve("store"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve(JOB), outside);
        LogStore store = new LogStore(root, 1000, clock);

        IOException e = assertThrows(IOException.class, () -> store.openLive(JOB, SITE, FILE));
        assertTrue(e.getMessage().contains(JOB), e.getMessage());
        assertThrows(IOException.class, () -> store.openSnapshot(JOB, SITE, FILE, "s"));
        assertEquals(List.of(), TestLogs.tree(outside));
        assertEquals(List.of(), store.jobs(), "a link is not listed as a job");
    }

    @Test
    void aSiteDirectoryThatIsASymbolicLinkOutOfTheRootIsNeverReadThrough() throws Exception {
        Path root = Files.createDirectory(dir.resolve("store"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve(FILE), "secret");
        Files.createDirectory(root.resolve(JOB));
        Files.createSymbolicLink(root.resolve(JOB).resolve(SITE), outside);
        LogStore store = new LogStore(root, 1000, clock);

        assertThrows(IOException.class, () -> store.read(JOB, SITE, FILE, 0, 100));
        assertThrows(IOException.class, () -> store.state(JOB, SITE, FILE));
        assertThrows(IOException.class, () -> store.files(JOB, SITE));
        assertThrows(IOException.class, () -> store.openLive(JOB, SITE, FILE));
        assertEquals(List.of(FILE), TestLogs.tree(outside));
        assertEquals(List.of(), store.sites(JOB));
    }
}
