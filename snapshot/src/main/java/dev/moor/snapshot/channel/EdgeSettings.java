package dev.moor.snapshot.channel;

import dev.moor.snapshot.SnapshotJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;

/**
 * What the edge process reads at start, from the JSON file given as its first argument: the server writes it
 * (from the host's edge settings) into the directory it mounts into the edge's container. The routes, ports and
 * endpoints are not here: they come over the channel as snapshots.
 *
 * @param edgeId         names this edge in the server's status (two edges of a host are connected at once
 *                       while one replaces the other)
 * @param threads        event loops; 0 for one per available processor
 * @param transport      {@value #TRANSPORT_AUTO}, {@code io_uring}, {@code epoll} or {@code nio}
 * @param bindAddress    the address the edge's ports are bound on ({@code 0.0.0.0} for every IPv4 address)
 * @param listen         a fixed port the edge listens on from its start, besides the ports the snapshots' routes
 *                       name, where the routes of any port serve; empty for none (0 picks a free port, for tests)
 * @param metricsPort    Prometheus metrics on {@code 127.0.0.1:PORT/metrics}; 0 for none
 * @param accessLog      {@value #ACCESS_LOG_OFF}, {@value #ACCESS_LOG_STDOUT}, or the path of a file to append to
 * @param socket         the server's channel socket
 * @param tokenFile      the file holding the channel's token, which the server writes next to its socket
 * @param stateDirectory where the edge keeps the last snapshot it was sent, to serve it at once after a restart
 * @param handoffSocket  a Unix socket where the edge hands its listening sockets to the edge that replaces it, and
 *                       where it takes those of the edge it replaces when it starts (both name the same path); empty
 *                       for none (the edge binds its ports itself). At most 90 characters; needs epoll
 * @param tlsProvider    the TLS implementation of the HTTPS port: {@value #TLS_AUTO}, {@code openssl} or {@code jdk}
 * @param cache          the sizes of the edge's shared cache (its disk tier in the state directory)
 */
public record EdgeSettings(String edgeId, int threads, String transport, String bindAddress, Optional<Integer> listen,
                           int metricsPort, String accessLog, String socket, String tokenFile, String stateDirectory,
                           Optional<String> handoffSocket, String tlsProvider, CacheSizes cache) {
    public static final String TRANSPORT_AUTO = "auto";
    public static final String TLS_AUTO = "auto";
    public static final String ACCESS_LOG_OFF = "off";
    public static final String ACCESS_LOG_STDOUT = "stdout";
    private static final Set<String> TRANSPORTS = Set.of(TRANSPORT_AUTO, "io_uring", "epoll", "nio");
    private static final Set<String> TLS_PROVIDERS = Set.of(TLS_AUTO, "openssl", "jdk");

    public EdgeSettings {
        required(edgeId, "edgeId", "a name for this edge, e.g. the host name");
        required(socket, "socket", "the path of the server's edge channel socket");
        required(tokenFile, "tokenFile", "the path of the token file next to the socket");
        required(stateDirectory, "stateDirectory", "a directory the edge can write");
        transport = transport == null ? TRANSPORT_AUTO : transport;
        bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
        listen = listen == null ? Optional.empty() : listen;
        handoffSocket = handoffSocket == null ? Optional.empty() : handoffSocket.filter(path -> !path.isBlank());
        accessLog = accessLog == null || accessLog.isBlank() ? ACCESS_LOG_OFF : accessLog;
        // Settings written before HTTPS name no provider.
        tlsProvider = tlsProvider == null ? TLS_AUTO : tlsProvider;
        // Settings written before the cache name no sizes.
        cache = cache == null ? CacheSizes.DEFAULT : cache;
        if (threads < 0) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 0 for one per processor, or more)");
        }
        if (!TRANSPORTS.contains(transport)) {
            throw new IllegalArgumentException("transport: " + transport + " (expected: auto, io_uring, epoll or nio)");
        }
        if (!TLS_PROVIDERS.contains(tlsProvider)) {
            throw new IllegalArgumentException("tlsProvider: " + tlsProvider + " (expected: auto, openssl or jdk)");
        }
        if (listen.isPresent() && (listen.get() < 0 || listen.get() > 65_535)) {
            throw new IllegalArgumentException("listen: " + listen.get() + " (expected: 1 to 65535, or 0 for a free port)");
        }
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw new IllegalArgumentException("metricsPort: " + metricsPort + " (expected: 1 to 65535, or 0 for none)");
        }
    }

    /** Settings with the cache at its default sizes. */
    public EdgeSettings(String edgeId, int threads, String transport, String bindAddress, Optional<Integer> listen,
                        int metricsPort, String accessLog, String socket, String tokenFile, String stateDirectory,
                        Optional<String> handoffSocket, String tlsProvider) {
        this(edgeId, threads, transport, bindAddress, listen, metricsPort, accessLog, socket, tokenFile, stateDirectory,
                handoffSocket, tlsProvider, CacheSizes.DEFAULT);
    }

    /**
     * The sizes of the edge's shared cache, in bytes.
     *
     * @param memory    the memory tier, in the edge's heap (> 0)
     * @param maxObject the largest response stored (> 0, at most {@code memory})
     * @param disk      the disk tier; 0 for none
     */
    public record CacheSizes(long memory, long maxObject, long disk) {
        public static final CacheSizes DEFAULT = new CacheSizes(32L << 20, 4L << 20, 1L << 30);

        public CacheSizes {
            if (memory <= 0) {
                throw new IllegalArgumentException("cache.memory: " + memory + " (expected: > 0)");
            }
            if (maxObject <= 0 || maxObject > memory) {
                throw new IllegalArgumentException("cache.maxObject: " + maxObject + " (expected: 1 to " + memory + ")");
            }
            if (disk < 0) {
                throw new IllegalArgumentException("cache.disk: " + disk + " (expected: >= 0)");
            }
        }
    }

    private static void required(String value, String name, String expected) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": missing (expected: " + expected + ")");
        }
    }

    /** The event loops to start: {@link #threads}, or one per available processor. */
    public int eventLoops() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /**
     * @throws IllegalArgumentException when the file cannot be read or is not edge settings, saying what was wrong
     */
    public static EdgeSettings read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("edge settings " + file + ": cannot read (" + e + ")", e);
        }
        try {
            return SnapshotJson.read(json, EdgeSettings.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("edge settings " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the settings to {@code file}, replacing it whole, so an edge starting meanwhile reads old or new. */
    public void write(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, SnapshotJson.write(this) + "\n");
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
