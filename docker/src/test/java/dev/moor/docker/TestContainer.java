package dev.moor.docker;

import dev.moor.engine.runtime.ContainerRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A container request under construction, with small defaults for tests. */
final class TestContainer {

    private final String name;
    private final String image;
    private final List<String> command;
    private final Map<String, String> labels;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> aliases = new ArrayList<>();
    private final List<String> capabilities = new ArrayList<>();
    private final List<ContainerRequest.Mount> mounts = new ArrayList<>();
    private String network = "bridge";
    private Optional<Integer> port = Optional.empty();
    private Optional<Double> cpus = Optional.empty();
    private long memoryBytes = 64L * 1024 * 1024;
    private long pids = 64;
    private Duration stopGrace = Duration.ofSeconds(1);

    TestContainer(String name, String image, List<String> command, Map<String, String> labels) {
        this.name = name;
        this.image = image;
        this.command = command;
        this.labels = new HashMap<>(labels);
    }

    TestContainer label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    TestContainer env(String key, String value) {
        env.put(key, value);
        return this;
    }

    TestContainer network(String network, String... aliases) {
        this.network = network;
        this.aliases.addAll(List.of(aliases));
        return this;
    }

    TestContainer port(int port) {
        this.port = Optional.of(port);
        return this;
    }

    TestContainer cpus(double cpus) {
        this.cpus = Optional.of(cpus);
        return this;
    }

    TestContainer memory(long bytes) {
        this.memoryBytes = bytes;
        return this;
    }

    TestContainer pids(long pids) {
        this.pids = pids;
        return this;
    }

    TestContainer capability(String capability) {
        capabilities.add(capability);
        return this;
    }

    TestContainer mount(ContainerRequest.Mount.Kind kind, String source, String target, boolean readOnly) {
        mounts.add(new ContainerRequest.Mount(kind, source, target, readOnly));
        return this;
    }

    TestContainer stopGrace(Duration grace) {
        this.stopGrace = grace;
        return this;
    }

    ContainerRequest request() {
        return new ContainerRequest(name, image, command, env, labels, network, aliases, port, "127.0.0.1", cpus,
                memoryBytes, pids, capabilities, mounts, stopGrace);
    }
}
