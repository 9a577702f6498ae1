package io.jobtail.host.site;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * A command job and the {@code jobtail stream} sidecar that streams its log, seen by the site as
 * one process: it has ended when both have (the sidecar ends by itself once the command has exited
 * and the log is drained), its exit value and pid are the command's, and {@link #destroy} stops
 * the command — the sidecar then drains and ends on its own. {@link #destroyForcibly} kills both.
 * Thread-safe as {@link Process} is.
 */
final class SidecarJob extends Process {
    private final Process command;
    private final Process sidecar;

    SidecarJob(Process command, Process sidecar) {
        this.command = command;
        this.sidecar = sidecar;
    }

    Process sidecar() {
        return sidecar;
    }

    @Override
    public OutputStream getOutputStream() {
        return command.getOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return command.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return command.getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        int exit = command.waitFor();
        sidecar.waitFor();
        return exit;
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        return command.waitFor(timeout, unit) && sidecar.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public int exitValue() {
        if (sidecar.isAlive()) {
            throw new IllegalThreadStateException("the sidecar of process " + command.pid() + " is still draining its log");
        }
        return command.exitValue();
    }

    @Override
    public boolean isAlive() {
        return command.isAlive() || sidecar.isAlive();
    }

    @Override
    public long pid() {
        return command.pid();
    }

    @Override
    public void destroy() {
        command.destroy();
    }

    @Override
    public Process destroyForcibly() {
        command.destroyForcibly();
        sidecar.destroyForcibly();
        return this;
    }
}
