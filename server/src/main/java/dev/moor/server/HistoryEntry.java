package dev.moor.server;

import dev.moor.engine.deploy.Deployment;
import dev.moor.engine.revision.Revision;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One revision of an app, as {@code moor history} shows it.
 *
 * @param revision  its number
 * @param createdAt when it was accepted
 * @param author    who made it (empty for revisions of a Moor that did not keep it)
 * @param changes   what it changed against the revision before it, a line each
 * @param images    the image each service runs, pinned to its id, by service
 * @param deploy    how the newest deploy to it went ({@code succeeded}, {@code failed: …}, {@code in progress}), or
 *                  empty when none went to it ({@code moor scale} makes revisions without one)
 * @param current   whether it is the revision the app last ran completely
 */
public record HistoryEntry(long revision, Instant createdAt, String author, List<String> changes,
                           Map<String, String> images, String deploy, boolean current) {

    /** The entry of {@code revision}, given the app's deploys (newest first) and its current revision. */
    static HistoryEntry of(Revision revision, List<Deployment> deploys, long current) {
        Map<String, String> images = new TreeMap<>();
        revision.images().forEach((service, image) -> images.put(service, image.render()));
        Optional<Deployment> deploy = deploys.stream().filter(d -> d.toRevision() == revision.number()).findFirst();
        return new HistoryEntry(revision.number(), revision.createdAt(), revision.author(), revision.changes(), images,
                deploy.map(HistoryEntry::outcome).orElse(""), revision.number() == current);
    }

    private static String outcome(Deployment deploy) {
        return switch (deploy.state()) {
            case IN_PROGRESS -> "in progress";
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed" + (deploy.message().isEmpty() ? "" : ": " + deploy.message());
        };
    }
}
