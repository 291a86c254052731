package dev.moor.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads one entry of {@code services} that Moor runs. */
final class ServiceSpecReader {
    static final List<String> KEYS = List.of("image", "build", "replicas", "port", "publish_ip", "command", "env",
            "secrets", "volumes", "resources", "capabilities", "health", "stop_grace", "deploy");
    /** The keys of a service entry: {@code external} makes it an external service, so it is no unknown key here. */
    private static final List<String> ENTRY_KEYS = Stream.concat(KEYS.stream(),
            Stream.of(ExternalServiceSpecReader.EXTERNAL)).toList();
    static final List<String> BUILD_KEYS = List.of("context", "dockerfile", "args");
    static final List<String> RESOURCES_KEYS = List.of("cpus", "memory", "pids");
    private static final Map<String, DeploySpec.Strategy> STRATEGIES = new java.util.LinkedHashMap<>();

    static {
        STRATEGIES.put("rolling", DeploySpec.Strategy.ROLLING);
        STRATEGIES.put("blue-green", DeploySpec.Strategy.BLUE_GREEN);
        STRATEGIES.put("canary", DeploySpec.Strategy.CANARY);
    }
    static final List<String> DEPLOY_KEYS = List.of("strategy", "progress_deadline", "max_surge", "max_unavailable",
            "keep_previous", "steps", "bake", "sticky", "header", "analysis");
    static final List<String> ANALYSIS_KEYS = List.of("max_error_rate", "max_p99_increase", "min_p99_increase",
            "min_requests", "window", "warmup");
    /** The keys each strategy takes besides strategy and progress_deadline. */
    private static final Map<DeploySpec.Strategy, List<String>> STRATEGY_KEYS = Map.of(
            DeploySpec.Strategy.ROLLING, List.of("max_surge", "max_unavailable"),
            DeploySpec.Strategy.BLUE_GREEN, List.of("keep_previous", "bake", "analysis"),
            DeploySpec.Strategy.CANARY, List.of("steps", "bake", "sticky", "header", "analysis"));
    private static final Pattern PERCENT =
            Pattern.compile("(\\d{1,6}(?:\\.\\d{1,4})?)%");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Docker refuses a memory limit below 6 MiB. */
    static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;

    private final Problems problems;
    private final ValueReader values;
    private final Path baseDirectory;
    private final FileAccess access;
    private final HealthSpecReader health;
    private final SecretSpecReader secrets;
    private final VolumeSpecReader volumes;

    ServiceSpecReader(Problems problems, Path baseDirectory, FileAccess access) {
        this.problems = problems;
        this.values = new ValueReader(problems);
        this.baseDirectory = baseDirectory;
        this.access = access;
        this.health = new HealthSpecReader(problems, values);
        this.secrets = new SecretSpecReader(problems, values, baseDirectory, access);
        this.volumes = new VolumeSpecReader(problems, values, baseDirectory, access);
    }

    Optional<ServiceSpec> read(YamlNode.Entry entry) {
        String name = entry.key();
        String path = KeyPath.child("services", name);
        Optional<MappingReader> opened = MappingReader.open(entry.value(), path, entry.keyPosition(), ENTRY_KEYS,
                "a map of service settings (image or build, port, replicas, …), or external: [host:port, …]", problems);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        MappingReader service = opened.get();
        if (!service.has("image") && !service.has("build")) {
            problems.missing(service.at(), service.path("image"), "an image to run, or a build to make it");
        }
        Optional<String> image = service.get("image").flatMap(node -> image(node, service));
        Optional<BuildSpec> build = service.get("build").flatMap(node -> build(node, service.path("build")));
        int replicas = service.get("replicas")
                .flatMap(node -> values.integer(node, service.path("replicas"), 0, Integer.MAX_VALUE, "an integer >= 0"))
                .map(Long::intValue)
                .orElse(ServiceSpec.DEFAULT_REPLICAS);
        Optional<Integer> port = service.get("port").flatMap(node -> values.port(node, service.path("port")));
        String publishIp = service.get("publish_ip")
                .flatMap(node -> values.ipLiteral(node, service.path("publish_ip")))
                .orElse(ServiceSpec.DEFAULT_PUBLISH_IP);
        List<String> command = service.get("command")
                .flatMap(node -> values.words(node, service.path("command")))
                .orElse(List.of());
        Map<String, String> env = service.get("env")
                .flatMap(node -> values.stringMap(node, service.path("env"), "a map of environment variables",
                        Names.VARIABLE, Names.VARIABLE_RULE))
                .orElse(Map.of());
        List<SecretSpec> secretSpecs = service.get("secrets")
                .map(node -> secrets.read(node, service.path("secrets")))
                .orElse(List.of());
        List<VolumeSpec> volumeSpecs = service.get("volumes")
                .map(node -> volumes.read(node, service.path("volumes")))
                .orElse(List.of());
        ResourcesSpec resources = service.get("resources")
                .flatMap(node -> resources(node, service))
                .orElse(ResourcesSpec.defaults());
        List<String> capabilities = service.get("capabilities")
                .map(node -> capabilities(node, service.path("capabilities")))
                .orElse(List.of());
        Optional<HealthSpec> healthSpec = service.get("health").flatMap(node -> health.read(node,
                service.path("health"), service.keyPosition("health").orElseThrow(), ServiceKind.of(entry.value())));
        Duration stopGrace = service.get("stop_grace")
                .flatMap(node -> values.positiveDuration(node, service.path("stop_grace")))
                .orElse(ServiceSpec.DEFAULT_STOP_GRACE);
        DeploySpec deploy = service.get("deploy").flatMap(node -> deploy(node, service.path("deploy")))
                .orElse(DeploySpec.defaults());
        return Optional.of(new ServiceSpec(name, image, build, replicas, port, publishIp, command, env, secretSpecs,
                volumeSpecs, resources, capabilities, healthSpec, stopGrace, deploy));
    }

    private Optional<DeploySpec> deploy(YamlNode node, String path) {
        return MappingReader.open(node, path, node.position(), DEPLOY_KEYS, "a map with strategy, progress_deadline"
                + " and the strategy's settings (rolling: max_surge, max_unavailable; blue-green: keep_previous;"
                + " canary: steps, bake, sticky, header, analysis)", problems).flatMap(deploy -> {
            Optional<DeploySpec.Strategy> strategy = deploy.get("strategy")
                    .map(value -> values.oneOf(STRATEGIES, value, deploy.path("strategy")))
                    .orElse(Optional.of(DeploySpec.Strategy.ROLLING));
            if (strategy.isEmpty()) {
                return Optional.empty();
            }
            Duration deadline = deploy.get("progress_deadline")
                    .flatMap(value -> values.positiveDuration(value, deploy.path("progress_deadline")))
                    .orElse(DeploySpec.DEFAULT_PROGRESS_DEADLINE);
            boolean misplaced = false;
            for (String key : DEPLOY_KEYS) {
                Optional<YamlNode> value = deploy.get(key);
                List<String> owners = STRATEGIES.entrySet().stream()
                        .filter(entry -> STRATEGY_KEYS.get(entry.getValue()).contains(key)).map(Map.Entry::getKey)
                        .toList();
                if (value.isPresent() && !owners.isEmpty() && !STRATEGY_KEYS.get(strategy.get()).contains(key)) {
                    misplaced = true;
                    problems.invalid(value.get(), deploy.path(key), "no " + key + " with strategy "
                            + strategyName(strategy.get()) + " (it is " + String.join(" and ", owners) + "'s)");
                }
            }
            boolean rolling = strategy.get() == DeploySpec.Strategy.ROLLING;
            Optional<Integer> surge = deploy.get("max_surge").filter(value -> rolling).map(value -> values.integer(value,
                    deploy.path("max_surge"), 0, Integer.MAX_VALUE, "an integer >= 0").map(Long::intValue))
                    .orElse(Optional.of(DeploySpec.DEFAULT_MAX_SURGE));
            Optional<Integer> unavailable = deploy.get("max_unavailable").filter(value -> rolling).map(value -> values.integer(value,
                    deploy.path("max_unavailable"), 0, Integer.MAX_VALUE, "an integer >= 0").map(Long::intValue))
                    .orElse(Optional.of(DeploySpec.DEFAULT_MAX_UNAVAILABLE));
            Optional<Duration> keep = deploy.get("keep_previous")
                    .filter(value -> strategy.get() == DeploySpec.Strategy.BLUE_GREEN).map(value -> values.duration(value, deploy.path("keep_previous")))
                    .orElse(Optional.of(DeploySpec.DEFAULT_KEEP_PREVIOUS));
            Optional<Optional<CanarySpec>> canary = switch (strategy.get()) {
                case CANARY -> canary(deploy).map(Optional::of);
                case BLUE_GREEN -> judgedSwitch(deploy);
                case ROLLING -> Optional.of(Optional.empty());
            };
            if (misplaced || surge.isEmpty() || unavailable.isEmpty() || keep.isEmpty() || canary.isEmpty()) {
                return Optional.empty();
            }
            if (surge.get() + unavailable.get() == 0) {
                problems.invalid(deploy.get("max_surge").or(() -> deploy.get("max_unavailable")).orElseThrow(),
                        deploy.path("max_surge"), "max_surge or max_unavailable above 0 (with both at 0 no replica"
                                + " could ever be replaced)");
                return Optional.empty();
            }
            return Optional.of(new DeploySpec(strategy.get(), deadline, surge.get(), unavailable.get(), keep.get(),
                    canary.get()));
        });
    }

    private static String strategyName(DeploySpec.Strategy strategy) {
        return switch (strategy) {
            case ROLLING -> "rolling";
            case BLUE_GREEN -> "blue-green";
            case CANARY -> "canary";
        };
    }

    private Optional<CanarySpec> canary(MappingReader deploy) {
        Optional<List<CanarySpec.Step>> steps = deploy.get("steps").map(value -> steps(value, deploy.path("steps")))
                .orElse(Optional.of(CanarySpec.DEFAULT_STEPS));
        Optional<Duration> bake = deploy.get("bake").map(value -> values.positiveDuration(value, deploy.path("bake")))
                .orElse(Optional.of(CanarySpec.DEFAULT_BAKE));
        Optional<Boolean> sticky = deploy.get("sticky").map(value -> values.bool(value, deploy.path("sticky")))
                .orElse(Optional.of(false));
        Optional<String> header = deploy.get("header").map(value -> values.matching(value, deploy.path("header"),
                        HEADER_NAME, "a header name, like X-Moor-Canary").map(name -> name.toLowerCase(Locale.ROOT)))
                .orElse(Optional.of(CanarySpec.DEFAULT_HEADER));
        Optional<CanarySpec.AnalysisSpec> analysis = deploy.get("analysis")
                .map(value -> analysis(value, deploy.path("analysis")))
                .orElse(Optional.of(CanarySpec.AnalysisSpec.defaults()));
        if (steps.isEmpty() || bake.isEmpty() || sticky.isEmpty() || header.isEmpty() || analysis.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CanarySpec(steps.get(), bake.get(), sticky.get(), header.get(), analysis.get()));
    }

    /**
     * A blue-green service with a {@code bake} is judged after its switch like a canary of one step of 100 %: for the
     * bake, its figures against the previous set's before the switch, which stays ready for a switch back.
     */
    private Optional<Optional<CanarySpec>> judgedSwitch(MappingReader deploy) {
        Optional<Duration> bake = deploy.get("bake").map(value -> values.duration(value, deploy.path("bake")))
                .orElse(Optional.of(Duration.ZERO));
        Optional<CanarySpec.AnalysisSpec> analysis = deploy.get("analysis")
                .map(value -> analysis(value, deploy.path("analysis")))
                .orElse(Optional.of(CanarySpec.AnalysisSpec.defaults()));
        if (bake.isEmpty() || analysis.isEmpty()) {
            return Optional.empty();
        }
        if (bake.get().isZero()) {
            deploy.get("analysis").ifPresent(value -> problems.invalid(value, deploy.path("analysis"),
                    "a bake > 0 beside it (blue-green judges the new set for its bake after the switch)"));
            return deploy.get("analysis").isPresent() ? Optional.empty() : Optional.of(Optional.empty());
        }
        return Optional.of(Optional.of(new CanarySpec(List.of(new CanarySpec.Step.Weight(100)), bake.get(), false,
                CanarySpec.DEFAULT_HEADER, analysis.get())));
    }

    private Optional<List<CanarySpec.Step>> steps(YamlNode node, String path) {
        String expected = "a list of traffic weights 0 to 100 that never decrease, or pause, like [5, 25, pause, 100]";
        if (!(node instanceof YamlNode.Sequence sequence) || sequence.items().isEmpty()) {
            problems.invalid(node, path, expected);
            return Optional.empty();
        }
        List<CanarySpec.Step> steps = new ArrayList<>();
        int previous = 0;
        boolean valid = true;
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode item = sequence.items().get(i);
            String itemPath = path + "[" + i + "]";
            if (item instanceof YamlNode.Scalar scalar && scalar.text().equals("pause")) {
                steps.add(new CanarySpec.Step.Pause());
                continue;
            }
            Optional<Long> weight = values.integer(item, itemPath, 0, 100, "a weight 0 to 100, or pause");
            if (weight.isEmpty()) {
                valid = false;
            } else if (weight.get() < previous) {
                problems.invalid(item, itemPath, "a weight >= " + previous + ", the step before's (" + expected + ")");
                valid = false;
            } else {
                previous = weight.get().intValue();
                steps.add(new CanarySpec.Step.Weight(previous));
            }
        }
        return valid ? Optional.of(steps) : Optional.empty();
    }

    private Optional<CanarySpec.AnalysisSpec> analysis(YamlNode node, String path) {
        return MappingReader.open(node, path, node.position(), ANALYSIS_KEYS,
                "a map with max_error_rate, max_p99_increase, min_p99_increase, min_requests, window and warmup",
                problems).flatMap(analysis -> {
            Optional<Double> errorRate = analysis.get("max_error_rate")
                    .map(value -> percent(value, analysis.path("max_error_rate"), 100))
                    .orElse(Optional.of(CanarySpec.AnalysisSpec.DEFAULT_MAX_ERROR_RATE));
            Optional<Double> p99 = analysis.get("max_p99_increase")
                    .map(value -> percent(value, analysis.path("max_p99_increase"), 100_000))
                    .orElse(Optional.of(CanarySpec.AnalysisSpec.DEFAULT_MAX_P99_INCREASE));
            Optional<Duration> minP99 = analysis.get("min_p99_increase")
                    .map(value -> values.duration(value, analysis.path("min_p99_increase")))
                    .orElse(Optional.of(CanarySpec.AnalysisSpec.DEFAULT_MIN_P99_INCREASE));
            Optional<Long> minRequests = analysis.get("min_requests").map(value -> values.integer(value,
                            analysis.path("min_requests"), 1, Integer.MAX_VALUE, "an integer >= 1"))
                    .orElse(Optional.of(CanarySpec.AnalysisSpec.DEFAULT_MIN_REQUESTS));
            Optional<Duration> window = analysis.get("window")
                    .map(value -> values.positiveDuration(value, analysis.path("window")))
                    .orElse(Optional.of(CanarySpec.AnalysisSpec.DEFAULT_WINDOW));
            Optional<Duration> warmup = analysis.get("warmup")
                    .map(value -> values.duration(value, analysis.path("warmup")))
                    .orElse(Optional.of(CanarySpec.AnalysisSpec.DEFAULT_WARMUP));
            if (errorRate.isEmpty() || p99.isEmpty() || minP99.isEmpty() || minRequests.isEmpty() || window.isEmpty()
                    || warmup.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CanarySpec.AnalysisSpec(errorRate.get(), p99.get(), minP99.get(), minRequests.get(),
                    window.get(), warmup.get()));
        });
    }

    /** A percentage like {@code 1%} or {@code 0.5%}, at most {@code max}: the fraction it stands for. */
    private Optional<Double> percent(YamlNode node, String path, int max) {
        String expected = "a percentage 0% to " + max + "%, like 1% or 0.5%";
        return values.matching(node, path, PERCENT, expected).flatMap(text -> {
            double value = Double.parseDouble(text.substring(0, text.length() - 1));
            if (value > max) {
                problems.invalid(node, path, expected);
                return Optional.empty();
            }
            return Optional.of(value / 100);
        });
    }

    private Optional<String> image(YamlNode node, MappingReader service) {
        Optional<String> image = values.matching(node, service.path("image"), Names.IMAGE, Names.IMAGE_RULE);
        if (image.isPresent() && service.has("build") && !Names.IMAGE_TAG.matcher(image.get()).matches()) {
            problems.invalid(node, service.path("image"), "a name and tag without digest, to tag the built image");
            return Optional.empty();
        }
        return image;
    }

    private Optional<BuildSpec> build(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar) {
            return context(node, path).map(context -> new BuildSpec(context, BuildSpec.DEFAULT_DOCKERFILE, Map.of()));
        }
        Optional<MappingReader> opened = MappingReader.open(node, path, node.position(), BUILD_KEYS,
                "a build context directory, or a map with context, dockerfile and args", problems);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        MappingReader build = opened.get();
        Optional<Path> context = build.get("context")
                .map(contextNode -> context(contextNode, build.path("context")))
                .orElseGet(() -> Optional.of(baseDirectory));
        Optional<String> dockerfile = build.get("dockerfile")
                .map(dockerfileNode -> dockerfile(dockerfileNode, build.path("dockerfile")))
                .orElse(Optional.of(BuildSpec.DEFAULT_DOCKERFILE));
        Optional<Map<String, String>> args = build.get("args")
                .map(argsNode -> values.stringMap(argsNode, build.path("args"), "a map of build arguments",
                        Names.VARIABLE, "a build argument name of letters, digits and '_', not starting with a digit"))
                .orElse(Optional.of(Map.of()));
        if (context.isEmpty() || dockerfile.isEmpty() || args.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BuildSpec(context.get(), dockerfile.get(), args.get()));
    }

    private Optional<Path> context(YamlNode node, String path) {
        return values.appPath(node, path, baseDirectory, access, "a directory, relative to " + baseDirectory).flatMap(context -> {
            if (!Files.isDirectory(context)) {
                problems.invalid(node, path, "an existing directory; " + context + " is none");
                return Optional.empty();
            }
            return Optional.of(context);
        });
    }

    private Optional<String> dockerfile(YamlNode node, String path) {
        String expected = "a file inside the build context, like Dockerfile or docker/web.Dockerfile";
        return values.string(node, path, expected).flatMap(text -> {
            if (text.isBlank() || text.startsWith("/") || List.of(text.split("/")).contains("..")) {
                problems.invalid(node, path, expected);
                return Optional.empty();
            }
            return Optional.of(text);
        });
    }

    private Optional<ResourcesSpec> resources(YamlNode node, MappingReader service) {
        String path = service.path("resources");
        return MappingReader.open(node, path, service.keyPosition("resources").orElseThrow(), RESOURCES_KEYS,
                "a map with cpus, memory and pids", problems).map(resources -> new ResourcesSpec(
                resources.get("cpus").flatMap(cpus -> values.positiveNumber(cpus, resources.path("cpus"),
                        "a number of CPUs > 0, like 0.5 or 2")),
                resources.get("memory").flatMap(memory -> values.size(memory, resources.path("memory"), MIN_MEMORY_BYTES,
                        "a size of at least 6Mi, Docker's minimum")).orElse(ResourcesSpec.DEFAULT_MEMORY_BYTES),
                resources.get("pids").flatMap(pids -> values.integer(pids, resources.path("pids"), 1, Long.MAX_VALUE,
                        "an integer >= 1")).orElse(ResourcesSpec.DEFAULT_PIDS)));
    }

    private List<String> capabilities(YamlNode node, String path) {
        String expected = "a list of Linux capability names, like [NET_BIND_SERVICE]";
        if (!(node instanceof YamlNode.Sequence sequence)) {
            problems.invalid(node, path, expected);
            return List.of();
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode item = sequence.items().get(i);
            String itemPath = KeyPath.index(path, i);
            values.string(item, itemPath, "a Linux capability name").map(Capabilities::normalize).ifPresent(name -> {
                if (!Capabilities.isKnown(name)) {
                    problems.invalid(item, itemPath, "a Linux capability name"
                            + Capabilities.closest(name).map(closest -> "; did you mean '" + closest + "'?").orElse(""));
                } else if (!kept.contains(name)) {
                    kept.add(name);
                }
            });
        }
        return kept;
    }
}
