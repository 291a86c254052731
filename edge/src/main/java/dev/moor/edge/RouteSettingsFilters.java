package dev.moor.edge;

import dev.moor.edge.compression.Compression;
import dev.moor.edge.compression.CompressionFilter;
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
 * route's HTTPS hosts first (nothing else runs for a request it redirects); then, on responses, HSTS on an HTTPS
 * route's answers and compression (listed last, it works on the upstream's response before the others see it).
 */
final class RouteSettingsFilters {
    private final CompressionFilter compression;

    RouteSettingsFilters(Compression compression) {
        this.compression = new CompressionFilter(compression);
    }

    RouteFilters of(Route route) {
        List<RequestFilter> request = new ArrayList<>(1);
        List<ResponseFilter> response = new ArrayList<>(2);
        route.httpsRedirect().ifPresent(redirect -> request.add(RedirectToHttps.of(redirect)));
        route.hsts().ifPresent(maxAge -> response.add(new StrictTransportSecurity(maxAge)));
        if (route.compress()) {
            response.add(compression);
        }
        return request.isEmpty() && response.isEmpty() ? RouteFilters.NONE : new RouteFilters(request, response);
    }
}
