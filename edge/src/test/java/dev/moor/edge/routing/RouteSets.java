package dev.moor.edge.routing;

import dev.moor.snapshot.Route;

import java.util.ArrayList;
import java.util.List;

import static dev.moor.edge.routing.RouteSpec.route;

/**
 * Route sets of any size with the same few routes the benchmark and the large-table test aim at, buried among
 * generated exact-host, wildcard-host and any-host routes.
 */
final class RouteSets {
    static final List<Route> AIMED_AT = List.of(
            route("deep").host("shop.example.com").prefix("/api/v1/orders/items").build(),
            route("orders-post").host("shop.example.com").prefix("/api/v1/orders").methods("POST").build(),
            route("shop-api").host("shop.example.com").prefix("/api").build(),
            route("tenant").host("*.tenants.example.com").prefix("/app").build(),
            route("canary").prefix("/api/v1").header("x-canary", "1").build(),
            route("legacy").prefix("/legacy/api").rewrite("/v2").build(),
            route("assets").prefix("/static/assets").build());

    private RouteSets() {}

    /** {@code size} routes (at least the aimed-at ones), all valid and distinct, clusters "web" and "api". */
    static List<Route> of(int size) {
        List<Route> routes = new ArrayList<>(AIMED_AT);
        for (int i = 0; routes.size() < size; i++) {
            RouteSpec generated = switch (i % 4) {
                case 0 -> route("svc-" + i).host("svc" + (i % 500) + ".example.com").prefix("/svc" + i + "/v" + (i % 3) + "/res");
                case 1 -> route("wild-" + i).host("*.t" + (i % 200) + ".example.com").prefix("/w" + i + "/x").rewrite("/");
                case 2 -> route("any-" + i).prefix("/any" + i + "/deep/path/" + (i % 7));
                default -> route("shop-" + i).host("shop.example.com").prefix("/api/v" + i + "/things")
                        .methods(i % 8 == 3 ? new String[] {"GET"} : new String[0]);
            };
            routes.add(generated.build());
        }
        return routes;
    }
}
