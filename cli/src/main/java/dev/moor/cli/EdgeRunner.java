package dev.moor.cli;

import dev.moor.edge.EdgeServer;
import dev.moor.edge.EdgeServerBuilder;
import dev.moor.edge.EdgeSnapshot;
import dev.moor.edge.IoTransport;
import dev.moor.edge.SnapshotProblem;
import dev.moor.edge.observe.AsyncAccessLog;
import dev.moor.edge.observe.EdgeMetrics;
import dev.moor.edge.observe.MetricsEndpoint;
import dev.moor.engine.routing.EdgeFeed;
import dev.moor.spec.AppSpec;
import dev.moor.spec.EdgeSpec;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The edge of a running {@code moor up}: the gateway, its access log and metrics, fed by the engine. */
final class EdgeRunner implements AutoCloseable {
    private static final int ACCESS_LOG_QUEUE = 65_536;

    private final EdgeServer server;
    private final Optional<AsyncAccessLog> accessLog;
    private final Optional<MetricsEndpoint> metricsEndpoint;
    private final EdgeFeed feed;

    private EdgeRunner(EdgeServer server, Optional<AsyncAccessLog> accessLog, Optional<MetricsEndpoint> metricsEndpoint,
                       AppSpec spec, PrintStream out) {
        this.server = server;
        this.accessLog = accessLog;
        this.metricsEndpoint = metricsEndpoint;
        Set<String> reported = new HashSet<>();
        this.feed = new EdgeFeed(() -> spec, snapshot -> install(snapshot, reported, out));
    }

    /** Starts the edge of the spec, when it declares one. */
    static Optional<EdgeRunner> start(AppSpec spec, PrintStream out) {
        EdgeSpec edge = spec.edge();
        if (edge.listen().isEmpty()) {
            return Optional.empty();
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Optional<AsyncAccessLog> accessLog = accessLog(edge.accessLog());
        EdgeServerBuilder builder = EdgeServer.builder()
                .listen(new InetSocketAddress(edge.listen().get()))
                .threads(edge.threads().orElse(Runtime.getRuntime().availableProcessors()))
                .transport(switch (edge.transport()) {
                    case AUTO -> IoTransport.AUTO;
                    case IO_URING -> IoTransport.IO_URING;
                    case EPOLL -> IoTransport.EPOLL;
                    case NIO -> IoTransport.NIO;
                })
                .metrics(new EdgeMetrics(registry));
        // With the log off the edge gets no consumer at all, so it does not build an entry per request.
        accessLog.ifPresent(log -> builder.accessLog(log::log));
        EdgeServer server = builder.build();
        server.start();
        Optional<MetricsEndpoint> metrics = edge.metricsPort()
                .map(port -> MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), registry,
                        server::publishMeters));
        out.printf("moor: %s: edge listening on :%d (%s, %d thread(s))%s%n", spec.name(), server.port(),
                server.transport().label(), edge.threads().orElse(Runtime.getRuntime().availableProcessors()),
                metrics.map(m -> ", metrics on 127.0.0.1:" + m.port() + "/metrics").orElse(""));
        return Optional.of(new EdgeRunner(server, accessLog, metrics, spec, out));
    }

    private static Optional<AsyncAccessLog> accessLog(String target) {
        if (target.equals(EdgeSpec.ACCESS_LOG_OFF)) {
            return Optional.empty();
        }
        OutputStream stream;
        if (target.equals(EdgeSpec.ACCESS_LOG_STDOUT)) {
            stream = new FileOutputStream(FileDescriptor.out);
        } else {
            try {
                stream = Files.newOutputStream(Path.of(target), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UserError("edge.access_log: cannot open " + target + ": " + e.getMessage());
            }
        }
        return Optional.of(new AsyncAccessLog(stream, ACCESS_LOG_QUEUE));
    }

    /** Where the engine's status goes: each change becomes a snapshot. */
    EdgeFeed feed() {
        return feed;
    }

    private void install(EdgeSnapshot snapshot, Set<String> reported, PrintStream out) {
        List<SnapshotProblem> problems = server.update(snapshot);
        for (SnapshotProblem problem : problems) {
            if (reported.add(problem.render())) {
                out.println("moor: edge: " + problem.render() + " (route skipped; the others serve)");
            }
        }
    }

    @Override
    public void close() {
        server.close();
        metricsEndpoint.ifPresent(MetricsEndpoint::close);
        accessLog.ifPresent(AsyncAccessLog::close);
    }
}
