package io.jobtail.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Widget;
import io.jobtail.api.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WidgetsTest {
    private final Workspace workspace = new Workspace(Path.of("unused-workspace"));
    private final JobContext server = JobContext.builder().identityName("server").processType(ProcessType.SERVER_PARENT)
            .workspace(workspace).build();
    private final JobContext job = JobContext.builder().jobId("job-1").identityName("site-1")
            .processType(ProcessType.CLIENT_PARENT).workspace(workspace).build();

    /** Records "event@identity[/job]" for every event it sees. */
    static final class Recorder implements Widget {
        final List<String> seen = new ArrayList<>();

        @Override
        public void handleEvent(String type, JobContext ctx) {
            seen.add(type + "@" + ctx.identityName() + (ctx.jobId() == null ? "" : "/" + ctx.jobId()));
        }
    }

    @Test
    void aWidgetThatJoinsARunningProcessGetsSystemStartWithTheProcessContext() {
        Widgets widgets = Widgets.live();
        Recorder early = new Recorder();
        widgets.add(early);
        widgets.start(server);

        Recorder late = new Recorder();
        widgets.add(late);
        widgets.fire("BEFORE_JOB_LAUNCH", job);

        assertEquals(List.of("SYSTEM_START@server", "BEFORE_JOB_LAUNCH@site-1/job-1"), early.seen);
        assertEquals(List.of("SYSTEM_START@server", "BEFORE_JOB_LAUNCH@site-1/job-1"), late.seen);
    }

    @Test
    void aWidgetAddedBeforeTheStartGetsNoEventUntilThen() {
        Widgets widgets = Widgets.live();
        Recorder r = new Recorder();

        widgets.add(r);
        widgets.add(r);

        assertEquals(List.of(), r.seen);
        assertEquals(1, widgets.list().size());
    }

    @Test
    void aRemovedWidgetIsNotCalledAgain() {
        Recorder stays = new Recorder();
        Recorder leaves = new Recorder();
        Widgets widgets = new Widgets(List.of(stays, leaves));
        widgets.fire("START_RUN", job);

        widgets.remove(leaves);
        widgets.fire("END_RUN", job);

        assertEquals(List.of("START_RUN@site-1/job-1"), leaves.seen);
        assertEquals(List.of("START_RUN@site-1/job-1", "END_RUN@site-1/job-1"), stays.seen);
        assertEquals(List.of(stays), widgets.list());
    }

    @Test
    void aWidgetThatThrowsIsCountedAndTheOthersStillSeeTheEvent() {
        Recorder after = new Recorder();
        Widget broken = (type, ctx) -> {
            throw new IllegalStateException("broken on purpose");
        };
        Widgets widgets = new Widgets(List.of(broken, after));

        assertEquals(1, widgets.fire("START_RUN", job));
        assertEquals(List.of("START_RUN@site-1/job-1"), after.seen);
    }
}
