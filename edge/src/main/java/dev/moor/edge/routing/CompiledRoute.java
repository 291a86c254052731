package dev.moor.edge.routing;

import dev.moor.snapshot.Route;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.Locale;
import java.util.Map;

/**
 * A valid route with everything a lookup needs precomputed: its conditions as arrays, header names as
 * interned lower-case {@link AsciiString}s, and how to splice the rewrite into the path.
 */
final class CompiledRoute {
    final Route route;
    /** Declaration order among the routes of the table. */
    final int order;
    /** The length of the path prefix: longer wins. */
    final int prefixLength;
    /** Whether the route has method or header conditions: it beats one without at an equal prefix and host. */
    final boolean conditional;
    private final String[] methods;
    private final AsciiString[] headerNames;
    private final String[] headerValues;
    /** Where the unmatched rest of the path starts ('/' or the end): the prefix without a trailing slash. */
    private final int restFrom;
    /** The rewrite as configured, or null to send the path unchanged. */
    private final String rewrite;
    /** The rewrite without its trailing slash, so that joining the rest (which starts with '/') doubles none. */
    private final String rewriteBase;

    CompiledRoute(Route route, int order) {
        this.route = route;
        this.order = order;
        String prefix = route.pathPrefix();
        this.prefixLength = prefix.length();
        this.restFrom = prefix.endsWith("/") ? prefix.length() - 1 : prefix.length();
        this.methods = route.methods().toArray(String[]::new);
        this.headerNames = new AsciiString[route.headers().size()];
        this.headerValues = new String[route.headers().size()];
        int i = 0;
        for (Map.Entry<String, String> header : route.headers().entrySet()) {
            headerNames[i] = AsciiString.cached(header.getKey().toLowerCase(Locale.ROOT));
            headerValues[i] = header.getValue();
            i++;
        }
        this.conditional = methods.length > 0 || headerNames.length > 0;
        this.rewrite = route.rewritePrefix().orElse(null);
        this.rewriteBase = rewrite == null ? null
                : rewrite.endsWith("/") ? rewrite.substring(0, rewrite.length() - 1) : rewrite;
    }

    /** Whether the request's method and headers satisfy the route's conditions (host and path already do). */
    boolean accepts(String method, HttpHeaders headers) {
        if (methods.length > 0 && !oneOfMethods(method)) {
            return false;
        }
        for (int i = 0; i < headerNames.length; i++) {
            if (headers == null || !headers.contains(headerNames[i], headerValues[i], false)) {
                return false;
            }
        }
        return true;
    }

    private boolean oneOfMethods(String method) {
        for (String candidate : methods) {
            if (candidate.equals(method)) {
                return true;
            }
        }
        return false;
    }

    /** The path sent upstream for a request path this route matched. */
    String upstreamPath(String path) {
        if (rewrite == null) {
            return path;
        }
        if (restFrom == path.length()) {
            return rewrite;
        }
        String rest = restFrom == 0 ? path : path.substring(restFrom);
        return rewriteBase.isEmpty() ? rest : rewriteBase.concat(rest);
    }
}
