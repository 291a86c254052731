package dev.moor.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the whole document: app, services, routes and edge, and the rules that span services and routes. */
final class AppSpecReader {
    static final List<String> KEYS = List.of("app", "services", "routes", "edge");
    static final List<String> ROUTE_KEYS = List.of("path", "service", "host", "strip_prefix");
    static final List<String> EDGE_KEYS = List.of("listen");

    private final Path source;
    private final Problems problems;
    private final ValueReader values;
    private final ServiceSpecReader services;

    AppSpecReader(Path source, Problems problems) {
        this.source = source;
        this.problems = problems;
        this.values = new ValueReader(problems);
        this.services = new ServiceSpecReader(problems, AppSpec.baseDirectoryOf(source));
    }

    /** The spec; meaningful only when no problem was reported. */
    Optional<AppSpec> read(YamlNode root) {
        return MappingReader.open(root, "", root.position(), KEYS, "a map with app and services", problems)
                .map(this::read);
    }

    private AppSpec read(MappingReader app) {
        String name = app.require("app", "the app name: " + Names.DNS_LABEL_RULE)
                .flatMap(node -> values.matching(node, "app", Names.DNS_LABEL, "an app name: " + Names.DNS_LABEL_RULE))
                .orElse("");
        Map<String, ServiceSpec> serviceSpecs = new LinkedHashMap<>();
        Map<String, Boolean> portOfService = new LinkedHashMap<>();
        app.require("services", "a map of services by name").ifPresent(node -> {
            if (!(node instanceof YamlNode.Mapping mapping) || mapping.entries().isEmpty()) {
                problems.invalid(node, "services", "a map with at least one service by name");
                return;
            }
            for (YamlNode.Entry entry : mapping.entries()) {
                portOfService.put(entry.key(),
                        entry.value() instanceof YamlNode.Mapping service && service.entry("port").isPresent());
                services.read(entry).ifPresent(service -> serviceSpecs.put(service.name(), service));
            }
        });
        List<RouteSpec> routes = app.get("routes").map(node -> routes(node, portOfService)).orElse(List.of());
        EdgeSpec edge = app.get("edge").flatMap(this::edge).orElse(EdgeSpec.none());
        return new AppSpec(source, name, serviceSpecs, routes, edge);
    }

    /**
     * @param portOfService every service written in the file, valid or not, and whether it declares a port: a route
     *                      to a service with mistakes of its own gets no second problem, and none is checked when
     *                      services itself is missing or wrong
     */
    private List<RouteSpec> routes(YamlNode node, Map<String, Boolean> portOfService) {
        if (!(node instanceof YamlNode.Sequence sequence)) {
            problems.invalid(node, "routes", "a list of routes, each a map with path and service");
            return List.of();
        }
        List<RouteSpec> routes = new ArrayList<>();
        Map<String, String> pathOfRoute = new HashMap<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode item = sequence.items().get(i);
            String routePath = KeyPath.index("routes", i);
            Optional<MappingReader> opened =
                    MappingReader.open(item, routePath, item.position(), ROUTE_KEYS, "a map with path and service", problems);
            Optional<RouteSpec> route = opened.flatMap(reader -> route(reader, portOfService));
            if (route.isEmpty()) {
                continue;
            }
            String earlier = pathOfRoute.putIfAbsent(route.get().host().orElse("*") + route.get().pathPrefix(), routePath);
            if (earlier == null) {
                routes.add(route.get());
            } else {
                problems.invalid(opened.get().get("path").orElseThrow(), opened.get().path("path"),
                        "a host and path not routed already (" + earlier + " routes them)");
            }
        }
        return routes;
    }

    private Optional<RouteSpec> route(MappingReader route, Map<String, Boolean> portOfService) {
        Optional<String> path = route.require("path", "a path prefix starting with '/'")
                .flatMap(node -> values.matching(node, route.path("path"), Names.URL_PATH, "a path prefix starting with '/'"));
        Optional<String> service = route.require("service", "the name of a service of this app")
                .flatMap(node -> routedService(node, route.path("service"), portOfService));
        Optional<Optional<String>> host = Optional.of(Optional.empty());
        if (route.has("host")) {
            host = values.matching(route.get("host").orElseThrow(), route.path("host"), Names.HOST,
                            "a host name like shop.example.com, or *.example.com for every host under a domain")
                    .map(text -> Optional.of(text.toLowerCase(Locale.ROOT)));
        }
        Optional<Boolean> stripPrefix = route.get("strip_prefix")
                .map(node -> values.bool(node, route.path("strip_prefix")))
                .orElse(Optional.of(false));
        if (path.isEmpty() || service.isEmpty() || host.isEmpty() || stripPrefix.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RouteSpec(host.get(), path.get(), service.get(), stripPrefix.get()));
    }

    private Optional<String> routedService(YamlNode node, String path, Map<String, Boolean> portOfService) {
        return values.string(node, path, "the name of a service of this app").flatMap(name -> {
            if (portOfService.isEmpty()) {
                return Optional.of(name);
            }
            Boolean hasPort = portOfService.get(name);
            if (hasPort == null) {
                problems.invalid(node, path, "one of the services " + String.join(", ", portOfService.keySet()));
                return Optional.empty();
            }
            if (!hasPort) {
                problems.invalid(node, path, "a service with a port; " + name + " declares none");
                return Optional.empty();
            }
            return Optional.of(name);
        });
    }

    private Optional<EdgeSpec> edge(YamlNode node) {
        return MappingReader.open(node, "edge", node.position(), EDGE_KEYS, "a map with listen", problems)
                .map(edge -> new EdgeSpec(edge.get("listen").flatMap(listen -> values.port(listen, edge.path("listen")))));
    }
}
