package dev.moor.edge.observe;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while running some code many times, after letting the JIT compile it. */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {}

    static long bytesOverRuns(Runnable code, int runs) {
        for (int i = 0; i < runs; i++) {
            code.run();
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < runs; i++) {
            code.run();
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
