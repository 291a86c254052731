package dev.moor.edge.routing;

import dev.moor.snapshot.Route;
import dev.moor.snapshot.SnapshotProblem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A snapshot's routes compiled into one {@link RouteTable} per public port: the routes of that port plus the
 * routes of every port ({@link Route#ANY_PORT}). A port no route names gets the any-port table. Immutable, safe to
 * share between event loops; {@link #forPort} is a binary search over a few ints, with no allocation.
 *
 * <p>Two routes with the same host, path prefix, methods and headers are duplicates when they serve a port in
 * common (the same port, or one of them every port): the later one is skipped on every port, as it would be in a
 * single table. An any-port route is compiled into each port's table, so it costs memory once per port.
 */
public final class RouteTables {
    private final int[] ports;
    private final RouteTable[] tables;
    private final RouteTable anyPort;
    private final List<SnapshotProblem> problems;

    private RouteTables(int[] ports, RouteTable[] tables, RouteTable anyPort, List<SnapshotProblem> problems) {
        this.ports = ports;
        this.tables = tables;
        this.anyPort = anyPort;
        this.problems = List.copyOf(problems);
    }

    /** Compiles routes; a broken route is skipped and reported, as {@link RouteTable#compile} does. */
    public static RouteTables compile(List<Route> routes, Set<String> clusterNames) {
        Set<SnapshotProblem> problems = new LinkedHashSet<>();
        Map<RouteKey, List<Declared>> declared = new HashMap<>();
        List<Route> anyPortRoutes = new ArrayList<>();
        TreeMap<Integer, List<Route>> byPort = new TreeMap<>();
        List<Route> usable = new ArrayList<>();
        for (int index = 0; index < routes.size(); index++) {
            Route route = routes.get(index);
            String where = route.id() == null || route.id().isBlank() ? "routes[" + index + "]" : route.id();
            List<String> messages = RouteChecks.problems(route, clusterNames);
            if (messages.isEmpty()) {
                List<Declared> sameKey = declared.computeIfAbsent(RouteKey.of(route), key -> new ArrayList<>());
                for (Declared earlier : sameKey) {
                    if (earlier.port == route.port() || earlier.port == Route.ANY_PORT || route.port() == Route.ANY_PORT) {
                        int shared = route.port() == Route.ANY_PORT ? earlier.port : route.port();
                        messages = List.of("duplicates " + earlier.where + " (same host, path prefix, methods and headers"
                                + (shared == Route.ANY_PORT ? "" : ", on port " + shared) + ")");
                        break;
                    }
                }
                if (messages.isEmpty()) {
                    sameKey.add(new Declared(where, route.port()));
                }
            }
            if (!messages.isEmpty()) {
                messages.forEach(message -> problems.add(new SnapshotProblem(where, message)));
                continue;
            }
            usable.add(route);
            if (route.port() == Route.ANY_PORT) {
                anyPortRoutes.add(route);
            } else {
                byPort.computeIfAbsent(route.port(), port -> new ArrayList<>()).add(route);
            }
        }
        RouteTable anyPort = RouteTable.compile(anyPortRoutes, clusterNames);
        problems.addAll(anyPort.problems());
        int[] ports = new int[byPort.size()];
        RouteTable[] tables = new RouteTable[byPort.size()];
        int i = 0;
        for (int port : byPort.keySet()) {
            // Declaration order decides ties, so the port's table gets its routes and the any-port ones interleaved
            // as they were declared.
            List<Route> served = new ArrayList<>();
            for (Route route : usable) {
                if (route.port() == Route.ANY_PORT || route.port() == port) {
                    served.add(route);
                }
            }
            tables[i] = RouteTable.compile(served, clusterNames);
            problems.addAll(tables[i].problems());
            ports[i] = port;
            i++;
        }
        return new RouteTables(ports, tables, anyPort, new ArrayList<>(problems));
    }

    private record Declared(String where, int port) {}

    /** The table of the connections accepted on {@code port}. */
    public RouteTable forPort(int port) {
        if (ports.length == 0) {
            return anyPort;
        }
        int at = Arrays.binarySearch(ports, port);
        return at >= 0 ? tables[at] : anyPort;
    }

    /** The routes that were skipped, and why. */
    public List<SnapshotProblem> problems() {
        return problems;
    }
}
