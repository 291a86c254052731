package dev.moor.edge.cache;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which stored responses a purge removes: those of the given partitions (of every one when none is given), of the
 * scheme and host when given, whose target starts with the path prefix.
 *
 * @param host       normalised as keys are: {@code Example.com:443} over HTTPS is {@code example.com}
 * @param pathPrefix {@code /} for every target
 */
public record CachePurge(Set<String> partitions, Optional<String> scheme, Optional<String> host, String pathPrefix)
        implements Predicate<CacheKey> {

    /** Every stored response. */
    public static final CachePurge ALL = new CachePurge(Set.of(), Optional.empty(), Optional.empty(), "/");

    public CachePurge {
        partitions = Set.copyOf(partitions);
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix: \"" + pathPrefix + "\" (expected: a path starting with /)");
        }
    }

    @Override
    public boolean test(CacheKey key) {
        return (partitions.isEmpty() || partitions.contains(key.partition()))
                && scheme.map(s -> s.equalsIgnoreCase(key.scheme())).orElse(true)
                && host.map(h -> CacheKey.host(key.scheme(), h).equals(key.host())).orElse(true)
                && key.target().startsWith(pathPrefix);
    }
}
