/**
 * Test support for the multi-process tests and benchmarks: {@link io.jobtail.itests.JobtailCluster}
 * starts a real server and real sites as separate {@code jobtail} processes on loopback,
 * {@link io.jobtail.itests.AdminApi} talks to the server's query API as the admin, and
 * {@link io.jobtail.itests.Await} bounds every wait. Never shipped.
 */
package io.jobtail.itests;
