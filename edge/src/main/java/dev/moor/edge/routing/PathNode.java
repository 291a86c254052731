package dev.moor.edge.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a segment trie of path prefixes: the root is "" and its child "api" is "/api". The routes of a
 * node are sorted by the tie-break order, so the first one whose conditions hold is the node's best.
 */
final class PathNode {
    private static final CompiledRoute[] NONE = {};
    /** Within one host and one prefix: conditional routes first, then declaration order. */
    private static final Comparator<CompiledRoute> TIE_BREAK =
            Comparator.comparing((CompiledRoute route) -> !route.conditional).thenComparingInt(route -> route.order);

    final PathNode parent;
    /** Routes whose prefix is this node's path: they match it and every path below it. */
    final CompiledRoute[] atAndBelow;
    /** Routes whose prefix is this node's path with a trailing slash: they match only paths below it. */
    final CompiledRoute[] below;
    /** The child nodes by segment, or null at a leaf. */
    final CharRangeMap<PathNode> children;
    /** The longest prefix of a route at or under this node: a lookup with a match this long already skips it. */
    final int longestPrefix;

    private PathNode(Builder builder, PathNode parent) {
        this.parent = parent;
        this.atAndBelow = sorted(builder.atAndBelow);
        this.below = sorted(builder.below);
        int longest = Math.max(longestOf(atAndBelow), longestOf(below));
        if (builder.children.isEmpty()) {
            this.children = null;
        } else {
            Map<String, PathNode> nodes = new HashMap<>();
            for (Map.Entry<String, Builder> child : builder.children.entrySet()) {
                PathNode node = new PathNode(child.getValue(), this);
                nodes.put(child.getKey(), node);
                longest = Math.max(longest, node.longestPrefix);
            }
            this.children = CharRangeMap.caseSensitive(nodes);
        }
        this.longestPrefix = longest;
    }

    private static int longestOf(CompiledRoute[] routes) {
        int longest = -1;
        for (CompiledRoute route : routes) {
            longest = Math.max(longest, route.prefixLength);
        }
        return longest;
    }

    private static CompiledRoute[] sorted(List<CompiledRoute> routes) {
        return routes.isEmpty() ? NONE : routes.stream().sorted(TIE_BREAK).toArray(CompiledRoute[]::new);
    }

    static PathNode root(List<CompiledRoute> routes) {
        Builder root = new Builder();
        for (CompiledRoute route : routes) {
            root.add(route);
        }
        return new PathNode(root, null);
    }

    private static final class Builder {
        final Map<String, Builder> children = new HashMap<>();
        final List<CompiledRoute> atAndBelow = new ArrayList<>();
        final List<CompiledRoute> below = new ArrayList<>();

        void add(CompiledRoute route) {
            String prefix = route.route.pathPrefix();
            boolean trailingSlash = prefix.endsWith("/");
            int end = trailingSlash ? prefix.length() - 1 : prefix.length();
            Builder node = this;
            int segmentStart = 1;
            while (segmentStart <= end) {
                int slash = prefix.indexOf('/', segmentStart);
                int segmentEnd = slash < 0 || slash > end ? end : slash;
                node = node.children.computeIfAbsent(prefix.substring(segmentStart, segmentEnd), segment -> new Builder());
                segmentStart = segmentEnd + 1;
            }
            (trailingSlash ? node.below : node.atAndBelow).add(route);
        }
    }
}
