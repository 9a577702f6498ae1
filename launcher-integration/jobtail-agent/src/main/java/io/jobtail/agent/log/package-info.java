/**
 * The agent's SLF4J provider: the agent's own (relocated) SLF4J writes warnings and errors to
 * stderr, prefixed {@code jobtail-agent:}, and nothing else, so the agent neither takes over nor
 * disturbs the job's logging (the job's SLF4J never sees this provider: its service file is
 * relocated with the API).
 */
package io.jobtail.agent.log;
