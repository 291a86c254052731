package dev.moor.spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the whole document: app, services, routes and edge, and the rules that span them. */
final class AppSpecReader {
    static final List<String> KEYS = List.of("app", "services", "routes", "edge");

    private final Path source;
    private final Problems problems;
    private final ValueReader values;
    private final ServiceSpecReader services;
    private final ExternalServiceSpecReader externalServices;
    private final RouteSpecReader routes;
    private final EdgeSpecReader edge;

    AppSpecReader(Path source, FileAccess access, Problems problems) {
        this.source = source;
        this.problems = problems;
        this.values = new ValueReader(problems);
        Path baseDirectory = AppSpec.baseDirectoryOf(source);
        this.services = new ServiceSpecReader(problems, baseDirectory, access);
        this.externalServices = new ExternalServiceSpecReader(problems, values);
        this.routes = new RouteSpecReader(problems, values);
        this.edge = new EdgeSpecReader(problems, values, new HttpsSpecReader(problems, values, baseDirectory, access));
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
        Map<String, ExternalServiceSpec> externalServiceSpecs = new LinkedHashMap<>();
        Map<String, ServiceKind> kinds = new LinkedHashMap<>();
        app.require("services", "a map of services by name").ifPresent(node -> {
            if (!(node instanceof YamlNode.Mapping mapping) || mapping.entries().isEmpty()) {
                problems.invalid(node, "services", "a map with at least one service by name");
                return;
            }
            // Services Moor runs and external ones share the map, so their names cannot clash.
            for (YamlNode.Entry entry : mapping.entries()) {
                if (!Names.DNS_LABEL.matcher(entry.key()).matches()) {
                    problems.invalid(entry.keyPosition(), KeyPath.child("services", entry.key()), entry.key(),
                            "a service name: " + Names.DNS_LABEL_RULE);
                }
                ServiceKind kind = ServiceKind.of(entry.value());
                kinds.put(entry.key(), kind);
                if (kind == ServiceKind.EXTERNAL) {
                    externalServices.read(entry).ifPresent(service -> externalServiceSpecs.put(service.name(), service));
                } else {
                    services.read(entry).ifPresent(service -> serviceSpecs.put(service.name(), service));
                }
            }
        });
        List<RouteSpec> routeSpecs = app.get("routes").map(node -> routes.read(node, kinds)).orElse(List.of());
        boolean everyRouteRead = app.get("routes")
                .map(node -> node instanceof YamlNode.Sequence list && list.items().size() == routeSpecs.size())
                .orElse(true);
        EdgeSpec edgeSpec = app.get("edge")
                .flatMap(node -> edge.read(node, everyRouteRead ? Optional.of(routeSpecs) : Optional.empty()))
                .orElse(EdgeSpec.none());
        requireListenerForRoutes(app);
        return new AppSpec(source, name, serviceSpecs, externalServiceSpecs, routeSpecs, edgeSpec);
    }

    /** Routes are served by the edge, so written routes need {@code edge.listen} (unless edge is wrong itself). */
    private void requireListenerForRoutes(MappingReader app) {
        boolean routesWritten = app.get("routes")
                .map(node -> node instanceof YamlNode.Sequence list && !list.items().isEmpty())
                .orElse(false);
        boolean listenWrittenOrEdgeWrong = app.get("edge")
                .map(node -> !(node instanceof YamlNode.Mapping mapping) || mapping.entry("listen").isPresent())
                .orElse(false);
        if (routesWritten && !listenWrittenOrEdgeWrong) {
            problems.invalid(app.keyPosition("routes").orElseThrow(), "routes", "routes without edge.listen",
                    "edge: {listen: <port>}, the port of the edge that serves them");
        }
    }
}
