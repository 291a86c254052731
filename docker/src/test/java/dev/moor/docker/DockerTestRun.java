package dev.moor.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.moor.engine.runtime.ContainerRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one test class creates on the real engine: unique names, labels {@code moor.test=true} and
 * {@code moor.test.run=<id>}, and the removal of all of it at the end.
 */
final class DockerTestRun implements AutoCloseable {

    final DockerRuntime runtime;
    final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final List<String> networks = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final List<String> images = new ArrayList<>();

    DockerTestRun() {
        runtime = DockerRuntime.connect();
    }

    /** A name unique to this run. */
    String name(String base) {
        return "moor-test-" + base + "-" + id;
    }

    Map<String, String> labels(String... extra) {
        Map<String, String> labels = new HashMap<>(Map.of("moor.test", "true", "moor.test.run", id));
        for (int i = 0; i < extra.length; i += 2) {
            labels.put(extra[i], extra[i + 1]);
        }
        return labels;
    }

    String network(String base) {
        String name = name(base);
        networks.add(name);
        return name;
    }

    String volume(String base) {
        String name = name(base);
        volumes.add(name);
        return name;
    }

    String imageTag(String base) {
        String tag = "moor-test/" + base + ":" + id;
        images.add(tag);
        return tag;
    }

    /** A small container of this run on the default bridge network. */
    TestContainer container(String base, String image, String... command) {
        return new TestContainer(name(base), image, List.of(command), labels());
    }

    /** Creates and starts a container, returning its id. */
    String run(TestContainer container) {
        return run(container.request());
    }

    String run(ContainerRequest request) {
        String id = runtime.createContainer(request);
        runtime.startContainer(id);
        return id;
    }

    @Override
    public void close() {
        try {
            for (var container : runtime.listContainers(Map.of("moor.test.run", id))) {
                runtime.removeContainer(container.id());
            }
            networks.forEach(runtime::removeNetwork);
            for (String volume : volumes) {
                try {
                    runtime.client().removeVolumeCmd(volume).exec();
                } catch (NotFoundException alreadyGone) {
                    // removed by the test itself
                }
            }
            for (String image : images) {
                try {
                    runtime.client().removeImageCmd(image).withForce(true).exec();
                } catch (NotFoundException alreadyGone) {
                    // never built
                }
            }
        } finally {
            runtime.close();
        }
    }
}
