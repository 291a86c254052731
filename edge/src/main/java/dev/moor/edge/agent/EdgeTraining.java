package dev.moor.edge.agent;

import dev.moor.snapshot.Balancing;
import dev.moor.snapshot.Cluster;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Endpoint;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.OutlierDetection;
import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.Timeouts;
import dev.moor.snapshot.WeightedCluster;
import dev.moor.snapshot.channel.EdgeSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The training run of the edge image's ahead-of-time cache (JDK 25: {@code -XX:AOTCacheOutput}). The image build
 * runs it once, so that what an edge loads, links and profiles while it starts and serves its first requests is in
 * the cache, and an edge container serves sooner after it starts (docs/edge.md, "Start-up").
 *
 * <p>It starts an edge the way {@link EdgeProcess} does, from a persisted snapshot with no server to reach, proxies
 * requests to a backend of its own on loopback (on one kept-alive connection, then a new connection each), stops
 * the edge and exits. An answer that is not a 200 fails it, and with it the image build: an edge that cannot proxy
 * a request must not be shipped.
 */
public final class EdgeTraining {
    static final int REQUESTS = 200;
    private static final String BODY = "trained";

    private EdgeTraining() {}

    /** {@code java dev.moor.edge.agent.EdgeTraining DIR}: DIR is made for the run and removed after it. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java " + EdgeTraining.class.getName() + " DIR (a directory for the edge's state)");
            System.exit(2);
        }
        Path state = Path.of(args[0]);
        try {
            run(Files.createDirectories(state), REQUESTS, System.out);
            try (Stream<Path> files = Files.walk(state)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("moor: edge training failed: " + e.getMessage());
            System.exit(1);
        }
        // The edge's threads are stopped; the JVM writes its ahead-of-time cache as it exits.
        System.exit(0);
    }

    /**
     * Runs an edge in {@code state} in front of a loopback backend and sends it {@code requests} requests on one
     * connection, then {@code requests} more on a connection each.
     *
     * @return how many answers were 200 with the backend's body: all of them, or it throws
     * @throws IllegalStateException when an answer is anything else
     */
    static int run(Path state, int requests, PrintStream out) throws IOException {
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> serve(backend));
            int port = freePort();
            new SnapshotStore(state).save(snapshot(port, backend.getLocalPort()));
            EdgeSettings settings = new EdgeSettings("training", 0, EdgeSettings.TRANSPORT_AUTO, "127.0.0.1",
                    Optional.empty(), 0, EdgeSettings.ACCESS_LOG_STDOUT, state.resolve("no-server.sock").toString(),
                    state.resolve("no-server.token").toString(), state.toString(),
                    Optional.of(state.resolve("handoff.sock").toString()), EdgeSettings.TLS_AUTO);
            int ok = 0;
            try (EdgeProcess edge = EdgeProcess.start(settings, out)) {
                try (Socket connection = connect(port)) {
                    for (int i = 0; i < requests; i++) {
                        ok += exchange(connection, "/kept-alive/" + i, false);
                    }
                }
                for (int i = 0; i < requests; i++) {
                    try (Socket connection = connect(port)) {
                        ok += exchange(connection, "/new-connection/" + i, true);
                    }
                }
            }
            return ok;
        }
    }

    private static EdgeSnapshot snapshot(int port, int backendPort) {
        Route route = new Route("training/routes[0]", Optional.empty(), "/", Set.of(), Map.of(), Optional.empty(),
                List.of(new WeightedCluster("training/backend", 1)), Timeouts.DEFAULT, RetryPolicy.DEFAULT, port);
        Cluster cluster = new Cluster("training/backend", List.of(new Endpoint("training-backend",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort))), Balancing.POWER_OF_TWO_CHOICES,
                OutlierDetection.DEFAULT, 16);
        return new EdgeSnapshot(1, List.of(route), Map.of(cluster.name(), cluster), ForwardingPolicy.DEFAULT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** One request and its answer on {@code connection}: 1 when it is the backend's 200. */
    private static int exchange(Socket connection, String path, boolean close) throws IOException {
        OutputStream request = connection.getOutputStream();
        request.write(("GET " + path + " HTTP/1.1\r\nHost: training.local\r\n" + (close ? "Connection: close\r\n" : "")
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.flush();
        BufferedReader response = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                StandardCharsets.US_ASCII), 1);
        String status = response.readLine();
        int length = -1;
        for (String header = response.readLine(); header != null && !header.isEmpty(); header = response.readLine()) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        char[] body = new char[Math.max(length, 0)];
        int read = 0;
        while (read < body.length) {
            int n = response.read(body, read, body.length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        if (status == null || !status.startsWith("HTTP/1.1 200") || !BODY.equals(new String(body, 0, read))) {
            throw new IllegalStateException("GET " + path + " through the edge answered " + status + " with "
                    + new String(body, 0, read) + " (expected: 200 with the backend's body " + BODY + ")");
        }
        return 1;
    }

    /** A keep-alive HTTP/1.1 backend that answers every request with a 200 and {@link #BODY}. */
    private static void serve(ServerSocket backend) {
        while (!backend.isClosed()) {
            Socket connection;
            try {
                connection = backend.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofVirtual().start(() -> answer(connection));
        }
    }

    private static void answer(Socket connection) {
        byte[] response = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length()
                + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        try (connection) {
            BufferedReader requests = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.US_ASCII));
            for (String line = requests.readLine(); line != null; line = requests.readLine()) {
                if (line.isEmpty()) {
                    connection.getOutputStream().write(response);
                    connection.getOutputStream().flush();
                }
            }
        } catch (IOException closedByTheEdge) {
            // The edge closes upstream connections as it stops; the client side checks every answer.
        }
    }
}
