package dev.moor.server.edge;

import dev.moor.engine.deploy.TrafficFigures;
import dev.moor.engine.deploy.WindowFigures;
import dev.moor.snapshot.channel.ClusterFigures;
import dev.moor.snapshot.channel.Figures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures the edges reported, per edge and cluster, for the last {@link #RETENTION}: a canary's analysis asks
 * what a cluster did since a moment, and gets the difference between the newest report and the last one before that
 * moment, summed over the edges. Reports are kept for {@link #RETENTION}, and the newest of each cluster always; a
 * report equal to the one before it is not kept (an idle cluster costs one), and reports older than {@link #FINE} are
 * thinned to one per {@link #COARSE}, so that an edge with thousands of busy clusters costs the server some 150 reports
 * each. Thread-safe.
 */
public final class TrafficHistory implements TrafficFigures {
    /** How long reports are kept (the longest window an analysis looks at). */
    static final Duration RETENTION = Duration.ofMinutes(15);
    /** How many edges' reports are kept: one serves a host, two during a handoff. */
    private static final int MAX_EDGES = 4;
    /** How far back every report is kept: the windows of a canary's analysis (seconds, usually) look no further. */
    static final Duration FINE = Duration.ofMinutes(2);
    /** Before {@link #FINE}, one report per this much time is kept (a baseline of minutes needs no more). */
    static final Duration COARSE = Duration.ofSeconds(30);
    /** A cluster's reports are thinned when they are more than this (about 2 minutes of reports at one a second). */
    static final int THIN_ABOVE = 150;

    private record Report(Instant at, ClusterFigures figures) {}

    private final Clock clock;
    /** By edge connection, then cluster: the reports, oldest first. */
    private final Map<Long, Map<String, Deque<Report>>> reports = new HashMap<>();
    private final Map<Long, Instant> lastReport = new HashMap<>();

    public TrafficHistory(Clock clock) {
        this.clock = clock;
    }

    /** Keeps what an edge reported now. */
    public synchronized void record(long edgeConnection, Figures figures) {
        Instant now = clock.instant();
        Map<String, Deque<Report>> edge = reports.computeIfAbsent(edgeConnection, id -> new HashMap<>());
        figures.clusters().forEach((cluster, counts) -> {
            Deque<Report> history = edge.computeIfAbsent(cluster, name -> new ArrayDeque<>());
            if (history.isEmpty() || !history.getLast().figures().equals(counts)) {
                history.addLast(new Report(now, counts));
                if (history.size() > THIN_ABOVE) {
                    thin(history, now);
                }
            }
        });
        Instant horizon = now.minus(RETENTION);
        lastReport.put(edgeConnection, now);
        while (reports.size() > MAX_EDGES) {
            // Edges that stopped reporting longest ago left (a restarted edge connects anew, under another number).
            Long oldest = lastReport.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            reports.remove(oldest);
            lastReport.remove(oldest);
        }
        for (Deque<Report> cluster : edge.values()) {
            // The newest report before the horizon stays: it is where a window that starts there begins.
            while (cluster.size() > 1) {
                Report first = cluster.removeFirst();
                if (cluster.getFirst().at().isAfter(horizon)) {
                    cluster.addFirst(first);
                    break;
                }
            }
        }
    }

    /** How many reports are kept of a cluster, over every edge. */
    synchronized int reportsOf(String cluster) {
        return reports.values().stream().mapToInt(edge -> edge.getOrDefault(cluster, new ArrayDeque<>()).size()).sum();
    }

    /** Keeps every report of the last {@link #FINE} and, before that, one per {@link #COARSE}. */
    private static void thin(Deque<Report> history, Instant now) {
        Instant fine = now.minus(FINE);
        List<Report> kept = new ArrayList<>(history.size());
        Instant lastKept = null;
        for (Report report : history) {
            if (report.at().isAfter(fine) || lastKept == null || !report.at().isBefore(lastKept.plus(COARSE))) {
                kept.add(report);
                lastKept = report.at();
            }
        }
        history.clear();
        history.addAll(kept);
    }

    @Override
    public synchronized WindowFigures since(String cluster, Instant from) {
        List<WindowFigures> perEdge = new ArrayList<>();
        for (Map<String, Deque<Report>> edge : reports.values()) {
            Deque<Report> history = edge.get(cluster);
            if (history == null || history.isEmpty()) {
                continue;
            }
            // The window starts at the last report before it; without one (the server started since, or the cluster is
            // new), at the first report kept: counts from before it may belong to an earlier deploy.
            Report before = history.getFirst();
            for (Report report : history) {
                if (report.at().isAfter(from)) {
                    break;
                }
                before = report;
            }
            perEdge.add(WindowFigures.between(before.figures(), history.getLast().figures()));
        }
        return perEdge.stream().reduce(WindowFigures::plus).orElse(WindowFigures.NONE);
    }
}
