package dev.moor.edge.routing;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/**
 * The routes of one host pattern (an exact host, a wildcard suffix, or any host) in a path trie, linked to the
 * next less specific group that matches every host this one matches: exact host, then its wildcards from the
 * longest suffix to the shortest, then the any-host routes. A lookup walks that chain.
 */
final class HostGroup {
    /** The next less specific group that also matches this group's hosts, or null. */
    final HostGroup next;
    private final PathNode root;

    HostGroup(List<CompiledRoute> routes, HostGroup next) {
        this.next = next;
        this.root = PathNode.root(routes);
    }

    /**
     * The best route of this group for the request whose prefix is longer than {@code longerThan}, or null.
     * The path starts with '/'. Walks down the trie by segment to the deepest node on the path that could beat
     * {@code longerThan}, then back up: a deeper node has a longer prefix, so the first route whose conditions
     * hold is the best.
     */
    CompiledRoute match(String path, String method, HttpHeaders headers, int longerThan) {
        if (root.longestPrefix <= longerThan) {
            return null;
        }
        int length = path.length();
        PathNode node = root;
        int position = 0;
        while (position < length && node.children != null) {
            int segmentStart = position + 1;
            int segmentEnd = segmentStart;
            int hash = 0;
            char c;
            while (segmentEnd < length && (c = path.charAt(segmentEnd)) != '/') {
                hash = CharRangeMap.hash(hash, c);
                segmentEnd++;
            }
            PathNode child = node.children.get(path, segmentStart, segmentEnd, hash);
            if (child == null || child.longestPrefix <= longerThan) {
                break;
            }
            node = child;
            position = segmentEnd;
        }
        boolean pathGoesBelow = position < length;
        for (; node != null; node = node.parent) {
            if (pathGoesBelow) {
                CompiledRoute route = firstAccepting(node.below, method, headers, longerThan);
                if (route != null) {
                    return route;
                }
            }
            CompiledRoute route = firstAccepting(node.atAndBelow, method, headers, longerThan);
            if (route != null) {
                return route;
            }
            pathGoesBelow = true;
        }
        return null;
    }

    private static CompiledRoute firstAccepting(CompiledRoute[] routes, String method, HttpHeaders headers, int longerThan) {
        for (CompiledRoute route : routes) {
            if (route.prefixLength <= longerThan) {
                return null;
            }
            if (route.accepts(method, headers)) {
                return route;
            }
        }
        return null;
    }
}
