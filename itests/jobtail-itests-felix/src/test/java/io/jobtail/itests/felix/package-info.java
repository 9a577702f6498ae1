/**
 * Pax Exam tests of Jobtail in a native Apache Felix framework: bundles resolve and their
 * components run, Config Admin reconfigures them, widgets come and go while the runtimes run, and
 * a job's log reaches a receiver in the same framework byte for byte.
 */
package io.jobtail.itests.felix;
