package dev.moor.edge;

import dev.moor.edge.filter.RequestFilter;
import dev.moor.edge.filter.ResponseFilter;
import dev.moor.edge.filter.RouteFilters;
import dev.moor.edge.tls.RedirectToHttps;
import dev.moor.edge.tls.StrictTransportSecurity;
import dev.moor.snapshot.Route;

import java.util.ArrayList;
import java.util.List;

/**
 * The filters a route's own settings in the snapshot make, in their order: the redirect to HTTPS of a plain-HTTP
 * route's HTTPS hosts first (nothing else runs for a request it redirects), then HSTS on an HTTPS route's answers.
 */
final class RouteSettingsFilters {
    private RouteSettingsFilters() {}

    static RouteFilters of(Route route) {
        List<RequestFilter> request = new ArrayList<>(1);
        List<ResponseFilter> response = new ArrayList<>(1);
        route.httpsRedirect().ifPresent(redirect -> request.add(RedirectToHttps.of(redirect)));
        route.hsts().ifPresent(maxAge -> response.add(new StrictTransportSecurity(maxAge)));
        return request.isEmpty() && response.isEmpty() ? RouteFilters.NONE : new RouteFilters(request, response);
    }
}
