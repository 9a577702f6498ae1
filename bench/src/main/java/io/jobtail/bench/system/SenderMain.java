package io.jobtail.bench.system;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Workspace;
import io.jobtail.job.JobLogStreamer;
import io.jobtail.job.JobLogStreamerSettings;
import io.jobtail.streaming.runner.StreamRunner;
import io.jobtail.transport.http.HttpMessenger;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for job processes: {@code SenderMain --server URL --token-file F --site S --workspace WS
 * --jobs a,b,c [--chunk-size N]}. One {@link StreamRunner} over one {@link HttpMessenger} (as in a
 * job process), and one real {@link JobLogStreamer} per job streaming {@code WS/<job>/log.txt},
 * started with {@code START_RUN}. Prints {@code started} once every streamer runs; on a
 * {@code stop} line (or the end of stdin) fires {@code ABOUT_TO_END_RUN} on all of them, then
 * {@code END_RUN} (which waits for each stream to drain), prints {@code stopped} and exits.
 */
public final class SenderMain {
    private SenderMain() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("SenderMain: expected --name value, got " + argv[i]);
            }
            a.put(argv[i].substring(2), argv[i + 1]);
        }
        for (String required : List.of("server", "token-file", "site", "workspace", "jobs")) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("SenderMain: --" + required + " is missing");
            }
        }
        StreamRunner engine = new StreamRunner(HttpMessenger.builder(URI.create(a.get("server")))
                .tokenFile(Path.of(a.get("token-file"))).build());
        Map<String, Object> args = new LinkedHashMap<>();
        if (a.containsKey("chunk-size")) {
            args.put(JobLogStreamerSettings.CHUNK_SIZE, Integer.parseInt(a.get("chunk-size")));
        }
        JobLogStreamerSettings settings = JobLogStreamerSettings.fromArgs(args);
        Workspace ws = new Workspace(Path.of(a.get("workspace")));
        List<JobLogStreamer> streamers = new ArrayList<>();
        List<JobContext> contexts = new ArrayList<>();
        for (String job : a.get("jobs").split(",")) {
            JobContext ctx = JobContext.builder().jobId(job).identityName(a.get("site")).processType(ProcessType.CLIENT_JOB)
                    .workspace(ws).engine(engine).build();
            JobLogStreamer s = new JobLogStreamer(settings);
            s.handleEvent(EventType.START_RUN.name(), ctx);
            streamers.add(s);
            contexts.add(ctx);
        }
        System.out.println("started " + streamers.size());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.strip().equals("stop")) {
            // wait for the driver
        }
        for (int i = 0; i < streamers.size(); i++) {
            streamers.get(i).handleEvent(EventType.ABOUT_TO_END_RUN.name(), contexts.get(i));
        }
        for (int i = 0; i < streamers.size(); i++) {
            streamers.get(i).handleEvent(EventType.END_RUN.name(), contexts.get(i));
        }
        engine.shutdownStreamer();
        System.out.println("stopped");
        System.out.flush();
        System.exit(0);
    }
}
