/**
 * The Jobtail java agent: {@link io.jobtail.agent.JobtailAgent} runs a {@code JobLogStreamer} inside
 * any job JVM ({@code -javaagent}), configured by {@link io.jobtail.agent.AgentOptions}. Shipped as
 * the shaded jar with classifier {@code agent}, where everything outside this package tree is
 * relocated under {@code io.jobtail.agent.shaded}.
 */
package io.jobtail.agent;
