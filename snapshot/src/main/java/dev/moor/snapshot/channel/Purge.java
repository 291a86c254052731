package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Removes stored responses from the edge's cache: those of the given cache partitions (of every partition when none
 * is given; see {@link dev.moor.snapshot.CachePolicy#partition()}), of the scheme and host when given, whose target
 * starts with the path prefix. The edge answers with a {@link Purged} of the same id.
 *
 * @param id         the server's number for it, echoed in the answer
 * @param pathPrefix {@code /} for every target
 */
@JsonTypeName("purge")
public record Purge(long id, Set<String> partitions, Optional<String> scheme, Optional<String> host,
                    String pathPrefix) implements ChannelMessage {
    public Purge {
        partitions = partitions == null ? Set.of() : Set.copyOf(partitions);
        scheme = scheme == null ? Optional.empty() : scheme;
        host = host == null ? Optional.empty() : host;
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("purge: path prefix \"" + pathPrefix
                    + "\" (expected: a path starting with /)");
        }
    }
}
