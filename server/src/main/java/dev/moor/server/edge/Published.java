package dev.moor.server.edge;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.channel.SnapshotDigest;

/** A snapshot the channel published, with its digest, taken once and only when an edge's hello needs it. */
final class Published {
    final EdgeSnapshot snapshot;
    private String digest;

    Published(EdgeSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    long version() {
        return snapshot.version();
    }

    synchronized String digest() {
        if (digest == null) {
            digest = SnapshotDigest.of(snapshot);
        }
        return digest;
    }
}
