package dev.moor.server;

import dev.moor.engine.deploy.Deployment;
import dev.moor.engine.revision.Revision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The server's figures in Prometheus's text format ({@code GET /metrics}): deploys by app, service and outcome, read
 * from the store, so that they survive restarts of the server.
 */
final class ServerMetrics {
    private ServerMetrics() {}

    static String render(MoorServer server) {
        Map<String, Long> deploys = new TreeMap<>();
        Map<String, Long> inProgress = new TreeMap<>();
        for (String app : server.store().apps().keySet()) {
            for (Deployment deploy : server.store().deploys(app)) {
                Optional<Revision> revision = server.store().revision(app, deploy.toRevision());
                for (String service : services(revision)) {
                    String labels = "app=\"" + escape(app) + "\",service=\"" + escape(service) + "\"";
                    if (deploy.state().ended()) {
                        deploys.merge(labels + ",outcome=\"" + outcome(deploy) + "\"", 1L, Long::sum);
                    } else {
                        inProgress.merge(labels, 1L, Long::sum);
                    }
                }
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("# HELP moor_deploys_total Deploys that ended, by app, service and outcome\n")
                .append("# TYPE moor_deploys_total counter\n");
        deploys.forEach((labels, count) -> text.append("moor_deploys_total{").append(labels).append("} ")
                .append(count).append('\n'));
        text.append("# HELP moor_deploys_in_progress Deploys in progress, by app and service\n")
                .append("# TYPE moor_deploys_in_progress gauge\n");
        inProgress.forEach((labels, count) -> text.append("moor_deploys_in_progress{").append(labels).append("} ")
                .append(count).append('\n'));
        return text.toString();
    }

    /** The services a deploy changed, as its revision lists them; every service of it when it names none. */
    private static List<String> services(Optional<Revision> revision) {
        if (revision.isEmpty()) {
            return List.of("");
        }
        List<String> changed = new ArrayList<>();
        for (String service : revision.get().images().keySet()) {
            if (revision.get().changes().stream().anyMatch(line -> line.startsWith(service + ":"))) {
                changed.add(service);
            }
        }
        return changed.isEmpty() ? List.copyOf(revision.get().images().keySet()) : changed;
    }

    /** succeeded, rolled_back (by its deadline, a crash loop or a canary's analysis), aborted or superseded. */
    static String outcome(Deployment deploy) {
        if (deploy.state() == Deployment.State.SUCCEEDED) {
            return "succeeded";
        }
        if (deploy.message().startsWith("aborted by ")) {
            return "aborted";
        }
        if (deploy.message().startsWith("superseded by ")) {
            return "superseded";
        }
        return deploy.message().contains("no earlier revision to go back to") ? "failed" : "rolled_back";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
