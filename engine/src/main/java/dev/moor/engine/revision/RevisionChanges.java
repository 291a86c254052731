package dev.moor.engine.revision;

import dev.moor.spec.AppSpec;
import dev.moor.spec.Durations;
import dev.moor.spec.ExternalServiceSpec;
import dev.moor.spec.HealthSpec;
import dev.moor.spec.ResourcesSpec;
import dev.moor.spec.RouteSpec;
import dev.moor.spec.SecretSpec;
import dev.moor.spec.ServiceSpec;
import dev.moor.spec.Sizes;
import dev.moor.spec.VolumeSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one spec of an app changes against another, in the file's own terms: per service the fields that differ
 * (a secret's value is never read, only where it comes from), and the routes added, removed or changed. A pure
 * function of the two specs and the images each would run.
 *
 * @param services the services added, removed or changed, in the new file's order, then the removed ones
 * @param routes   the routes added, removed or changed
 */
public record RevisionChanges(List<ServiceChange> services, List<RouteChange> routes) {

    public RevisionChanges {
        services = List.copyOf(services);
        routes = List.copyOf(routes);
    }

    public enum Kind { ADDED, REMOVED, CHANGED }

    /**
     * @param service the service
     * @param kind    added, removed or changed
     * @param fields  what changed (every field of an added or removed service that is set)
     * @param rolls   whether its replicas are replaced; false when only the replica count, the health check or the
     *                deploy settings changed
     */
    public record ServiceChange(String service, Kind kind, List<FieldChange> fields, boolean rolls) {
        public ServiceChange {
            fields = List.copyOf(fields);
        }
    }

    /** A field that changed: {@code before} is empty for one that is new, {@code after} for one that is gone. */
    public record FieldChange(String field, String before, String after) {
        /** {@code env.MODE: fast -> slow}. */
        public String describe() {
            return field + ": " + (before.isEmpty() ? "(none)" : before) + " -> " + (after.isEmpty() ? "(none)" : after);
        }
    }

    /** A route, named by what it matches: {@code before} and {@code after} say where it sends requests. */
    public record RouteChange(String route, Kind kind, String before, String after) {
        /** {@code route /api: added (to web)}. */
        public String describe() {
            return "route " + route + ": " + switch (kind) {
                case ADDED -> "added (to " + after + ")";
                case REMOVED -> "removed (was to " + before + ")";
                case CHANGED -> before + " -> " + after;
            };
        }
    }

    /** Nothing differs. */
    public boolean isEmpty() {
        return services.isEmpty() && routes.isEmpty();
    }

    /**
     * The changes from {@code before} (empty for an app's first revision) to {@code after}.
     *
     * @param imagesBefore the image each service of {@code before} runs ({@code reference (id)}), by service
     * @param imagesAfter  the same for {@code after}; a service missing here is taken as a new image
     */
    public static RevisionChanges between(Optional<AppSpec> before, Map<String, String> imagesBefore, AppSpec after,
                                          Map<String, String> imagesAfter) {
        Map<String, ServiceSpec> old = before.map(AppSpec::services).orElse(Map.of());
        Map<String, ExternalServiceSpec> oldExternal = before.map(AppSpec::externalServices).orElse(Map.of());
        List<ServiceChange> services = new ArrayList<>();
        for (ServiceSpec service : after.services().values()) {
            Map<String, String> now = fields(service, imagesAfter.getOrDefault(service.name(), "(to be built or pulled)"));
            ServiceSpec was = old.get(service.name());
            if (was == null) {
                services.add(new ServiceChange(service.name(), Kind.ADDED, added(now), true));
                continue;
            }
            Map<String, String> then = fields(was, imagesBefore.getOrDefault(was.name(), ""));
            List<FieldChange> changed = changed(then, now);
            if (!changed.isEmpty()) {
                boolean rolls = changed.stream().anyMatch(field -> !NOT_ROLLING.contains(field.field().split("\\.")[0]));
                services.add(new ServiceChange(service.name(), Kind.CHANGED, changed, rolls));
            }
        }
        for (ExternalServiceSpec service : after.externalServices().values()) {
            Map<String, String> now = externalFields(service);
            ExternalServiceSpec was = oldExternal.get(service.name());
            if (was == null) {
                services.add(new ServiceChange(service.name(), Kind.ADDED, added(now), false));
            } else {
                List<FieldChange> changed = changed(externalFields(was), now);
                if (!changed.isEmpty()) {
                    services.add(new ServiceChange(service.name(), Kind.CHANGED, changed, false));
                }
            }
        }
        for (ServiceSpec was : old.values()) {
            if (!after.services().containsKey(was.name())) {
                services.add(new ServiceChange(was.name(), Kind.REMOVED,
                        removed(fields(was, imagesBefore.getOrDefault(was.name(), ""))), true));
            }
        }
        for (ExternalServiceSpec was : oldExternal.values()) {
            if (!after.externalServices().containsKey(was.name())) {
                services.add(new ServiceChange(was.name(), Kind.REMOVED, removed(externalFields(was)), false));
            }
        }
        return new RevisionChanges(services, routes(before.map(AppSpec::routes).orElse(List.of()), after.routes()));
    }

    /** One line per change, for history and plain output: {@code web: env.MODE: fast -> slow}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ServiceChange service : services) {
            String head = service.service() + ": ";
            switch (service.kind()) {
                case ADDED -> lines.add(head + "added");
                case REMOVED -> lines.add(head + "removed");
                case CHANGED -> service.fields().forEach(field -> lines.add(head + field.describe()));
            }
        }
        routes.forEach(route -> lines.add(route.describe()));
        return lines;
    }

    /** The fields whose change alone keeps the replicas: they are counted, probed or moved differently. */
    private static final List<String> NOT_ROLLING = List.of("replicas", "health", "deploy");

    private static Map<String, String> fields(ServiceSpec service, String image) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("image", image);
        service.build().ifPresent(build -> {
            fields.put("build.dockerfile", build.dockerfile());
            build.args().forEach((name, value) -> fields.put("build.args." + name, value));
        });
        fields.put("replicas", Integer.toString(service.replicas()));
        fields.put("port", service.port().map(String::valueOf).orElse(""));
        fields.put("publish_ip", service.publishIp());
        fields.put("command", String.join(" ", service.command()));
        new TreeMap<>(service.env()).forEach((name, value) -> fields.put("env." + name, value));
        for (SecretSpec secret : service.secrets()) {
            fields.put("secrets." + secret.name(), secret.file().map(file -> "file " + file)
                    .orElseGet(() -> "env " + secret.fromEnv().orElseThrow()));
        }
        for (VolumeSpec volume : service.volumes()) {
            fields.put("volumes." + volume.target(), volume.source() + (volume.readOnly() ? " (read-only)" : ""));
        }
        ResourcesSpec resources = service.resources();
        fields.put("resources.cpus", resources.cpus().map(String::valueOf).orElse(""));
        fields.put("resources.memory", Sizes.format(resources.memoryBytes()));
        fields.put("resources.pids", Long.toString(resources.pids()));
        fields.put("capabilities", String.join(" ", new TreeSet<>(service.capabilities())));
        service.health().ifPresent(health -> fields.put("health", health(health)));
        fields.put("stop_grace", Durations.format(service.stopGrace()));
        fields.put("deploy.progress_deadline", Durations.format(service.deploy().progressDeadline()));
        fields.values().removeIf(String::isEmpty);
        return fields;
    }

    private static Map<String, String> externalFields(ExternalServiceSpec service) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("external", service.endpoints().stream().map(e -> e.host() + ":" + e.port())
                .collect(Collectors.joining(" ")));
        service.health().ifPresent(health -> fields.put("health", health(health)));
        return fields;
    }

    private static String health(HealthSpec health) {
        String check = switch (health.check()) {
            case HealthSpec.Check.Http http -> "http " + http.path();
            case HealthSpec.Check.Tcp tcp -> "tcp";
            case HealthSpec.Check.Command command -> "command " + String.join(" ", command.argv());
        };
        return check + " every " + Durations.format(health.interval()) + ", timeout " + Durations.format(health.timeout())
                + ", healthy after " + health.healthyThreshold() + ", unhealthy after " + health.unhealthyThreshold()
                + ", start grace " + Durations.format(health.startGrace());
    }

    private static List<FieldChange> added(Map<String, String> fields) {
        return fields.entrySet().stream().map(f -> new FieldChange(f.getKey(), "", f.getValue())).toList();
    }

    private static List<FieldChange> removed(Map<String, String> fields) {
        return fields.entrySet().stream().map(f -> new FieldChange(f.getKey(), f.getValue(), "")).toList();
    }

    private static List<FieldChange> changed(Map<String, String> before, Map<String, String> after) {
        List<FieldChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> field : after.entrySet()) {
            String was = before.getOrDefault(field.getKey(), "");
            if (!was.equals(field.getValue())) {
                changes.add(new FieldChange(field.getKey(), was, field.getValue()));
            }
        }
        for (Map.Entry<String, String> field : before.entrySet()) {
            if (!after.containsKey(field.getKey())) {
                changes.add(new FieldChange(field.getKey(), field.getValue(), ""));
            }
        }
        return changes;
    }

    private static List<RouteChange> routes(List<RouteSpec> before, List<RouteSpec> after) {
        Map<String, String> old = new LinkedHashMap<>();
        before.forEach(route -> old.put(match(route), target(route)));
        Map<String, String> now = new LinkedHashMap<>();
        after.forEach(route -> now.put(match(route), target(route)));
        List<RouteChange> changes = new ArrayList<>();
        now.forEach((match, target) -> {
            String was = old.get(match);
            if (was == null) {
                changes.add(new RouteChange(match, Kind.ADDED, "", target));
            } else if (!was.equals(target)) {
                changes.add(new RouteChange(match, Kind.CHANGED, was, target));
            }
        });
        old.forEach((match, target) -> {
            if (!now.containsKey(match)) {
                changes.add(new RouteChange(match, Kind.REMOVED, target, ""));
            }
        });
        return changes;
    }

    /** What a route matches: its identity between two files. */
    private static String match(RouteSpec route) {
        StringBuilder match = new StringBuilder();
        route.host().ifPresent(host -> match.append(host));
        match.append(route.pathPrefix());
        if (!route.methods().isEmpty()) {
            match.append(' ').append(new TreeSet<>(route.methods()));
        }
        if (!route.headers().isEmpty()) {
            match.append(' ').append(new TreeMap<>(route.headers()));
        }
        return match.toString();
    }

    /** Where a route sends what it matches, and how. */
    private static String target(RouteSpec route) {
        StringBuilder target = new StringBuilder(route.backends().stream()
                .map(backend -> backend.service() + (route.backends().size() > 1 ? " " + backend.weight() : ""))
                .collect(Collectors.joining(", ")));
        if (route.stripPrefix()) {
            target.append(", strip prefix");
        }
        route.rewrite().ifPresent(rewrite -> target.append(", rewrite to ").append(rewrite));
        RouteSpec.Timeouts timeouts = route.timeouts();
        if (!Objects.equals(timeouts, RouteSpec.Timeouts.DEFAULT)) {
            target.append(", timeouts ").append(Durations.format(timeouts.connect())).append('/')
                    .append(Durations.format(timeouts.responseHeader())).append('/')
                    .append(Durations.format(timeouts.idle()));
        }
        if (route.retries() != RouteSpec.DEFAULT_RETRIES) {
            target.append(", retries ").append(route.retries());
        }
        return target.toString();
    }
}
