/**
 * Test support for the multi-process tests and benchmarks: {@link io.jobtail.itests.JobtailCluster}
 * starts a real server and real sites as separate {@code jobtail} processes on loopback,
 * {@link io.jobtail.itests.AdminApi} talks to the server's query API as the admin, and
 * {@link io.jobtail.itests.Await} bounds every wait. For fault tests:
 * {@link io.jobtail.itests.CuttingProxy} cuts connections between a site and the server, at random or
 * where a chosen reply passes,
 * {@link io.jobtail.itests.Tmpfs} mounts a small disk to fill, and
 * {@link io.jobtail.itests.ProcessProbe} reads a running JVM's threads, file descriptors and heap.
 * Never shipped.
 */
package io.jobtail.itests;
