/**
 * Pax Exam tests in Apache Karaf 4.4.10: the Jobtail features installed from the feature
 * repository, the site bundle hot-deployed through {@code deploy/} and configured through
 * {@code etc/<pid>.cfg}. The test classes run inside the Karaf JVM (the Pax Exam probe); only the
 * {@code @Configuration} methods run in the surefire JVM.
 */
package io.jobtail.itests.karaf;
