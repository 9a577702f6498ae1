package io.jobtail.host.site;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the site launches one job, read from the deployed job config (see {@link JobLauncher} for the
 * keys). Immutable.
 *
 * @param mode the job runner (default), a command under the sidecar, or a Java main with the agent
 * @param logFile the log the sidecar or agent streams, relative to the job directory; the job's
 *     stdout and stderr are appended to it
 * @param streamer seconds for {@code poll_interval}, {@code retry_budget}, {@code end_run_timeout}, as given
 * @param command sidecar: the command and its arguments
 * @param mainClass agent: the main class
 * @param args agent: the main class's arguments
 * @param classPath agent: the job's class path entries (empty: the site's own)
 * @param jvmArgs agent: extra JVM options
 */
record LaunchConfig(Mode mode, String logFile, Map<String, Double> streamer, List<String> command, String mainClass,
        List<String> args, List<String> classPath, List<String> jvmArgs) {

    enum Mode {
        RUNNER, SIDECAR, AGENT
    }

    static final List<String> STREAMER_KEYS = List.of("poll_interval", "retry_budget", "end_run_timeout");

    static final LaunchConfig RUNNER = new LaunchConfig(Mode.RUNNER, Workspace.LOG_FILE, Map.of(), List.of(), null,
            List.of(), List.of(), List.of());

    /**
     * @param config the deployed job config; null means the defaults
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    static LaunchConfig of(JsonNode config) {
        JsonNode launch = config == null ? null : config.get("launch");
        if (launch == null || launch.isNull()) {
            return RUNNER;
        }
        if (!launch.isObject()) {
            throw new IllegalArgumentException("launch must be an object such as {\"mode\": \"sidecar\"}, not " + launch);
        }
        String modeText = launch.path("mode").asText("runner");
        Mode mode;
        try {
            mode = Mode.valueOf(modeText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("launch.mode must be runner, sidecar or agent, not \"" + modeText + "\"", e);
        }
        if (mode == Mode.RUNNER) {
            return RUNNER;
        }
        String logFile = launch.path("log_file").asText(Workspace.LOG_FILE);
        try {
            Workspace.checkRelative(logFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("launch.log_file: " + e.getMessage(), e);
        }
        Map<String, Double> streamer = new LinkedHashMap<>();
        for (String key : STREAMER_KEYS) {
            JsonNode v = launch.get(key);
            if (v != null && !v.isNull()) {
                if (!v.isNumber() || v.asDouble() < 0) {
                    throw new IllegalArgumentException("launch." + key + " must be a number of seconds, not " + v);
                }
                streamer.put(key, v.asDouble());
            }
        }
        JsonNode work = config.path("work");
        if (mode == Mode.SIDECAR) {
            List<String> command = strings(work, "command");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("launch.mode sidecar needs work.command, a non-empty list");
            }
            command.addAll(strings(work, "args"));
            return new LaunchConfig(mode, logFile, streamer, command, null, List.of(), List.of(), List.of());
        }
        if (!work.path("main_class").isTextual() || work.path("main_class").asText().isBlank()) {
            throw new IllegalArgumentException("launch.mode agent needs work.main_class, a class name");
        }
        return new LaunchConfig(mode, logFile, streamer, List.of(), work.get("main_class").asText(), strings(work, "args"),
                strings(work, "class_path"), strings(work, "jvm_args"));
    }

    private static List<String> strings(JsonNode work, String key) {
        List<String> list = new ArrayList<>();
        JsonNode node = work.get(key);
        if (node == null || node.isNull()) {
            return list;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("work." + key + " must be a list of strings, not " + node);
        }
        node.forEach(n -> list.add(n.asText()));
        return list;
    }
}
