package dev.moor.engine.revision;

import dev.moor.engine.image.PreparedImage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One accepted spec of an app, numbered from 1. The spec is stored as the text it was read from, plus the
 * replica counts that {@code moor scale} changed since, so a revision can always be parsed again
 * ({@link Revisions#applyScale} applies them to the parsed spec).
 *
 * @param app        the app name
 * @param number     the revision number, increasing per app
 * @param sourcePath the file the text came from
 * @param sourceText the moor.yaml text
 * @param scale      replica counts set by {@code moor scale}, by service
 * @param images     the image each service runs, pinned to its id when the revision was made
 * @param digest     identifies (text, scale, images): the same digest is the same revision
 * @param createdAt  when it was accepted
 * @param author     who made it: a local user, a client certificate's name, or Moor itself; empty before Moor kept it
 * @param changes    what it changed against the revision before it, a line each ({@link RevisionChanges#lines})
 */
public record Revision(String app, long number, Path sourcePath, String sourceText, Map<String, Integer> scale,
                       Map<String, PreparedImage> images, String digest, Instant createdAt, String author,
                       List<String> changes) {
    public Revision {
        scale = Map.copyOf(scale);
        images = Map.copyOf(images);
        changes = List.copyOf(changes);
    }
}
