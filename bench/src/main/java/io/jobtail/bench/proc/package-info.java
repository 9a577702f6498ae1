/** Reading other processes' CPU, memory, threads, files and heap from {@code /proc} and {@code jcmd}. */
package io.jobtail.bench.proc;
