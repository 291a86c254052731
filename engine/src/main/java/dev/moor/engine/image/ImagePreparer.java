package dev.moor.engine.image;

import dev.moor.engine.replica.Labels;
import dev.moor.engine.replica.ResourceNames;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.runtime.ImageBuild;
import dev.moor.spec.AppSpec;
import dev.moor.spec.BuildSpec;
import dev.moor.spec.ServiceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes sure every service of an app has its image: services with a {@code build} are built, tagged by the
 * digest of their context, unless an image with that tag already exists; services with only an
 * {@code image} are pulled unless the engine has that image.
 */
public final class ImagePreparer {
    private final ContainerRuntime runtime;
    private final BuildListener listener;

    /** What the preparer tells the user while it works. */
    public interface BuildListener {
        void pulling(String service, String image);

        void building(String service, String tag);

        void progress(String service, String line);

        void upToDate(String service, String tag);
    }

    public ImagePreparer(ContainerRuntime runtime, BuildListener listener) {
        this.runtime = runtime;
        this.listener = listener;
    }

    /**
     * @param pull whether services named by {@code image} are pulled even when the engine has that tag (a tag
     *             that moved in its registry is then a change)
     * @return the image each service runs, pinned to its id, by service name
     * @throws ContainerRuntimeException when a build fails or an image is missing; the message names the service
     */
    public Map<String, PreparedImage> prepare(AppSpec spec, boolean pull) {
        Map<String, PreparedImage> images = new LinkedHashMap<>();
        for (ServiceSpec service : spec.services().values()) {
            String reference = prepare(spec.name(), service, pull);
            String id = runtime.imageId(reference).orElseThrow(() -> new ContainerRuntimeException("services."
                    + service.name() + ": image " + reference + " is gone from the Docker engine (removed while Moor"
                    + " prepared it?)"));
            images.put(service.name(), new PreparedImage(reference, id));
        }
        return images;
    }

    /**
     * The image each service would run, found without building or pulling anything: empty for a service whose
     * image a deploy would build (its context changed) or pull (the engine does not have it).
     */
    public Map<String, Optional<PreparedImage>> resolve(AppSpec spec) {
        Map<String, Optional<PreparedImage>> images = new LinkedHashMap<>();
        for (ServiceSpec service : spec.services().values()) {
            String reference = service.build().map(build -> ResourceNames.builtImage(spec.name(), service.name(),
                    BuildContextDigest.of(build.context(), build.dockerfile(), build.args())))
                    .orElseGet(() -> service.image().orElseThrow());
            images.put(service.name(), runtime.imageId(reference).map(id -> new PreparedImage(reference, id)));
        }
        return images;
    }

    private String prepare(String app, ServiceSpec service, boolean pull) {
        if (service.build().isEmpty()) {
            String image = service.image().orElseThrow();
            boolean present = runtime.imageId(image).isPresent();
            if (pull || !present) {
                listener.pulling(service.name(), image);
                try {
                    runtime.pullImage(image, line -> listener.progress(service.name(), line));
                } catch (ContainerRuntimeException e) {
                    if (present) {
                        throw new ContainerRuntimeException("services." + service.name() + ": pulling image " + image
                                + " failed: " + e.getMessage() + " (without --pull the local image would be used)", e);
                    }
                    throw new ContainerRuntimeException("services." + service.name() + ": image " + image
                            + " is not on the Docker engine and pulling it failed: " + e.getMessage(), e);
                }
            }
            return image;
        }
        BuildSpec build = service.build().get();
        String digest = BuildContextDigest.of(build.context(), build.dockerfile(), build.args());
        String tag = ResourceNames.builtImage(app, service.name(), digest);
        List<String> tags = new ArrayList<>();
        tags.add(tag);
        service.image().ifPresent(tags::add);
        if (runtime.imageId(tag).isPresent() && service.image().map(image -> runtime.imageId(image).isPresent()).orElse(true)) {
            listener.upToDate(service.name(), tag);
            return tag;
        }
        listener.building(service.name(), tag);
        try {
            runtime.buildImage(new ImageBuild(build.context(), build.dockerfile(), build.args(), tags,
                    Map.of(Labels.APP, app, Labels.SERVICE, service.name())), line -> listener.progress(service.name(), line));
        } catch (ContainerRuntimeException e) {
            throw new ContainerRuntimeException("services." + service.name() + ": build failed: " + e.getMessage(), e);
        }
        return tag;
    }
}
