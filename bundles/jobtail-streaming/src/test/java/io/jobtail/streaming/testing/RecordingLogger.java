package io.jobtail.streaming.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that keeps every line, formatted, so tests can assert on what was logged. */
public final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    public record Line(Level level, String message, Throwable thrown) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    public RecordingLogger() {
        this.name = "recording";
    }

    /** Every line logged at {@code level}, formatted. */
    public List<String> at(Level level) {
        return lines.stream().filter(l -> l.level() == level).map(Line::message).collect(Collectors.toList());
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        lines.add(new Line(level, MessageFormatter.basicArrayFormat(pattern, arguments), throwable));
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }
}
