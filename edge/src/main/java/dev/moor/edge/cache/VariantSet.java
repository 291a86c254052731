package dev.moor.edge.cache;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored responses of one primary key, newest first: one per combination of the values their Vary fields
 * select (RFC 9111 §4.1), at most {@link #MAX_VARIANTS}. The unit the memory and disk tiers hold, weigh and evict.
 *
 * @param version increases with every change, so that the disk writer can tell a newer set from an older one
 */
record VariantSet(CacheKey key, String id, List<CachedResponse> variants, long version) {
    /** A bound on what a Vary on a wildly varying field (User-Agent, Cookie) can pile up under one URL. */
    static final int MAX_VARIANTS = 16;
    private static final int OVERHEAD = 128;

    VariantSet {
        variants = List.copyOf(variants);
    }

    /** The newest stored response this request selects, or null. */
    CachedResponse select(HttpHeaders request) {
        for (CachedResponse variant : variants) {
            if (variant.selectedBy(request)) {
                return variant;
            }
        }
        return null;
    }

    /**
     * The key concurrent requests for one variant share: the key's id, plus the request's values of the fields the newest
     * response varies on (requests for other variants then do not wait for this one's fetch).
     */
    String flightKey(HttpHeaders request) {
        List<String> names = variants.getFirst().varyNames();
        if (names.isEmpty()) {
            return id;
        }
        StringBuilder key = new StringBuilder(id);
        for (String value : Vary.values(names, request)) {
            key.append('\n').append(value == null ? "\u0000" : value);
        }
        return key.toString();
    }

    /** This set with {@code response} first, replacing the responses the request it answered would select. */
    VariantSet with(CachedResponse response, HttpHeaders request, long newVersion) {
        List<CachedResponse> kept = new ArrayList<>(variants.size() + 1);
        kept.add(response);
        for (CachedResponse variant : variants) {
            if (kept.size() < MAX_VARIANTS && !variant.selectedBy(request)) {
                kept.add(variant);
            }
        }
        return new VariantSet(key, id, kept, newVersion);
    }

    /** This set without {@code response} (the same object), or null when nothing is left. */
    VariantSet without(CachedResponse response, long newVersion) {
        List<CachedResponse> kept = new ArrayList<>(variants);
        if (!kept.remove(response)) {
            return this;
        }
        return kept.isEmpty() ? null : new VariantSet(key, id, kept, newVersion);
    }

    /** This set with {@code replacement} where {@code original} (the same object) was, or this set without it. */
    VariantSet replacing(CachedResponse original, CachedResponse replacement, long newVersion) {
        int index = variants.indexOf(original);
        if (index < 0) {
            return this;
        }
        List<CachedResponse> changed = new ArrayList<>(variants);
        changed.set(index, replacement);
        return new VariantSet(key, id, changed, newVersion);
    }

    /** Bytes of memory it is counted for. */
    int weight() {
        long total = OVERHEAD + 2L * id.length();
        for (CachedResponse variant : variants) {
            total += variant.weight();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }
}
