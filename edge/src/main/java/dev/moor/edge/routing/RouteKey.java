package dev.moor.edge.routing;

import dev.moor.snapshot.Route;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What two routes must share to be duplicates: the later one could never be chosen. */
record RouteKey(String host, String pathPrefix, Set<String> methods, Map<String, String> headers) {
    static RouteKey of(Route route) {
        return new RouteKey(route.host().map(host -> host.toLowerCase(Locale.ROOT)).orElse(""), route.pathPrefix(),
                route.methods(), route.headers().entrySet().stream()
                        .collect(Collectors.toMap(header -> header.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue)));
    }
}
