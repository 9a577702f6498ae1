package io.jobtail.itests.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lines of a job's own log.txt for assertion messages. Stateless. */
final class JobLogLines {
    private JobLogLines() {
    }

    /** What the job's log says about streaming (at most 40 lines), prefixed for a failure message. */
    static String aboutStreaming(Path jobLog) throws IOException {
        StringBuilder b = new StringBuilder("\nthe job's log on streaming:");
        Files.readAllLines(jobLog).stream().filter(l -> l.contains("Stream") || l.contains("stream"))
                .limit(40).forEach(l -> b.append("\n  ").append(l));
        return b.toString();
    }
}
