package dev.moor.edge.filter;

import java.util.List;

/**
 * A route's filters, in order (see the package's description for how each list runs).
 *
 * @param request  run on each request of the route before its upstream is chosen
 * @param response run on each proxied response of the route
 */
public record RouteFilters(List<RequestFilter> request, List<ResponseFilter> response) {
    public static final RouteFilters NONE = new RouteFilters(List.of(), List.of());

    public RouteFilters {
        request = List.copyOf(request);
        response = List.copyOf(response);
    }

    /** These filters, then {@code after}'s. */
    public RouteFilters then(RouteFilters after) {
        if (after.request.isEmpty() && after.response.isEmpty()) {
            return this;
        }
        if (request.isEmpty() && response.isEmpty()) {
            return after;
        }
        return new RouteFilters(concat(request, after.request), concat(response, after.response));
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
