package dev.moor.edge;

/**
 * The socket implementation under the edge's event loops.
 *
 * <p>{@link #AUTO} takes the fastest one this machine offers: io_uring, else native epoll, else NIO. io_uring is
 * missing where the kernel is older than 5.x, where {@code kernel.io_uring_disabled} is set, and inside containers
 * whose seccomp profile forbids its system calls (Docker's default does).
 */
public enum IoTransport {
    AUTO("auto"),
    IO_URING("io_uring"),
    EPOLL("epoll"),
    NIO("nio");

    private final String label;

    IoTransport(String label) {
        this.label = label;
    }

    /** The name moor.yaml and the logs use. */
    public String label() {
        return label;
    }
}
