package dev.moor.cli;

import dev.moor.engine.controller.AppStatus;
import dev.moor.engine.deploy.CanaryState;
import dev.moor.engine.store.StoredEvent;
import dev.moor.server.ServerApi;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows a deploy's progress: build lines and events as lines, the replicas' progress as a bar that redraws itself on
 * a terminal, or as a plain line whenever it changes otherwise (logs, CI).
 */
final class DeployProgressView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean terminal;
    private String lastSummary = "";
    private String bar = "";
    private Boolean ok;
    private boolean started;

    DeployProgressView(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(ServerApi.DeployLine line) {
        switch (line.type()) {
            case "progress" -> println("  " + line.text());
            case "started" -> {
                started = true;
                println("moor: " + line.text());
            }
            case "event" -> println(format(line.event()));
            case "status" -> status(line.status(), line.canaries() == null ? List.of() : line.canaries());
            case "done" -> {
                ok = line.ok();
                if (!bar.isEmpty()) {
                    out.println();
                    bar = "";
                }
                println("moor: " + (Boolean.TRUE.equals(line.ok()) ? "done: " : "failed: ") + line.text());
            }
            default -> { }
        }
    }

    /** Whether the server said the deploy succeeded (false when the stream ended without a verdict). */
    boolean succeeded() {
        return Boolean.TRUE.equals(ok);
    }

    /** Whether the server said the change started: all {@code moor up --no-wait} waits for. */
    boolean started() {
        return started && !Boolean.FALSE.equals(ok);
    }

    static String format(StoredEvent event) {
        String where = event.service().isEmpty() ? "" : event.service() + (event.replica() >= 0 ? "/" + event.replica() : "") + " ";
        return TIME.format(event.at()) + " " + event.kind() + " " + where + event.message();
    }

    private void status(AppStatus status, List<CanaryState> canaries) {
        int desired = 0;
        int healthy = 0;
        List<String> parts = new ArrayList<>();
        for (AppStatus.ServiceStatus service : status.services()) {
            desired += service.desired();
            long current = status.replicas().stream()
                    .filter(r -> r.service().equals(service.name()) && r.current()
                            && r.health() == dev.moor.engine.reconciler.ReplicaHealth.HEALTHY).count();
            long old = status.replicas().stream()
                    .filter(r -> r.service().equals(service.name()) && !r.current() && r.state().equals("running")).count();
            healthy += (int) Math.min(current, service.desired());
            parts.add(service.name() + " " + current + "/" + service.desired() + " healthy" + (old == 0 ? "" : ", " + old + " old")
                    + canaries.stream().filter(c -> c.service().equals(service.name())).findFirst()
                            .map(DeployProgressView::canary).orElse(""));
        }
        String summary = String.join("; ", parts);
        if (summary.equals(lastSummary)) {
            return;
        }
        lastSummary = summary;
        if (terminal) {
            int filled = desired == 0 ? BAR_WIDTH : BAR_WIDTH * healthy / desired;
            bar = "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] revision " + status.revision() + ": "
                    + summary;
            out.print("\r\033[K" + bar);
            out.flush();
        } else {
            out.println("moor: revision " + status.revision() + ": " + summary);
        }
    }

    /** {@code , canary 25% (step 2 of 3: 340 requests, error rate 0.00%, p99 <= 5 ms)}. */
    private static String canary(CanaryState canary) {
        String step = canary.step() < 0 ? "starting" : canary.step() >= canary.steps() ? "every step done"
                : "step " + (canary.step() + 1) + " of " + canary.steps();
        return ", canary " + canary.weight() + "% (" + step + (canary.note().isEmpty() ? "" : ": " + canary.note()) + ")";
    }

    private void println(String text) {
        if (bar.isEmpty()) {
            out.println(text);
            return;
        }
        // The line goes above the bar, which is drawn again below it.
        out.print("\r\033[K" + text + "\n" + bar);
        out.flush();
    }
}
