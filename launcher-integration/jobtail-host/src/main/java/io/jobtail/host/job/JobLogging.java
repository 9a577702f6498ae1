package io.jobtail.host.job;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.Workspace;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The job's logging: everything at the root level into {@code <job dir>/log.txt}, rotated by size
 * to {@code log.txt.1} (newest) … {@code log.txt.N}, and ERROR and above also into
 * {@code error_log.txt}. Settings come from the job config's {@code logging} object:
 * {@code max_file_size} (logback size text, default {@value #DEFAULT_MAX_FILE_SIZE}),
 * {@code max_index} (generations kept, default {@value #DEFAULT_MAX_INDEX}), {@code level}
 * (default INFO).
 *
 * <p>Requires logback to be the SLF4J provider (JobRunner selects it). Not thread-safe: configure
 * once, at start, before anything logs; {@link #setLevel} may be called from any thread later.
 */
public final class JobLogging {
    public static final String DEFAULT_MAX_FILE_SIZE = "10MB";
    public static final int DEFAULT_MAX_INDEX = 20;
    static final String PATTERN = "%d{\"yyyy-MM-dd HH:mm:ss,SSS\"} - %logger{0} - %level - %msg%n";

    private final LoggerContext context;

    private JobLogging(LoggerContext context) {
        this.context = context;
    }

    /**
     * Replaces logback's configuration with the job's.
     *
     * @throws IllegalStateException if logback is not the SLF4J provider
     * @throws IllegalArgumentException for a bad {@code logging} setting, naming it
     */
    public static JobLogging configure(Path jobDir, JsonNode logging) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            throw new IllegalStateException("the job's logging needs logback as the SLF4J provider, found "
                    + LoggerFactory.getILoggerFactory().getClass().getName());
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        String maxFileSize = logging.path("max_file_size").asText(DEFAULT_MAX_FILE_SIZE);
        int maxIndex = logging.path("max_index").asInt(DEFAULT_MAX_INDEX);
        if (maxIndex < 1) {
            throw new IllegalArgumentException("logging.max_index must be at least 1, not " + maxIndex);
        }
        FileSize size;
        try {
            size = FileSize.valueOf(maxFileSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("logging.max_file_size \"" + maxFileSize + "\" is not a size such as 10MB", e);
        }

        RollingFileAppender<ILoggingEvent> log = new RollingFileAppender<>();
        log.setContext(context);
        log.setName("log");
        log.setFile(jobDir.resolve(Workspace.LOG_FILE).toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(log);
        rolling.setFileNamePattern(jobDir.resolve(Workspace.LOG_FILE) + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(maxIndex);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(size);
        // logback checks the size at most once a minute by default: far too late for a job's log
        trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
        trigger.start();
        log.setRollingPolicy(rolling);
        log.setTriggeringPolicy(trigger);
        log.setEncoder(encoder(context));
        log.start();

        FileAppender<ILoggingEvent> errors = new FileAppender<>();
        errors.setContext(context);
        errors.setName("error_log");
        errors.setFile(jobDir.resolve(Workspace.ERROR_LOG_FILE).toString());
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel("ERROR");
        threshold.start();
        errors.addFilter(threshold);
        errors.setEncoder(encoder(context));
        errors.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(logging.path("level").asText("INFO"), Level.INFO));
        root.addAppender(log);
        root.addAppender(errors);
        return new JobLogging(context);
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    /** Changes the root level (TRACE … ERROR, OFF); an unknown name leaves it unchanged. Thread-safe. */
    public void setLevel(String level) {
        Level parsed = Level.toLevel(level, null);
        if (parsed != null) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(parsed);
        }
    }

    /** Flushes and closes the log files. */
    public void stop() {
        context.stop();
    }
}
