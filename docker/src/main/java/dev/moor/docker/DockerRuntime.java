package dev.moor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.moor.engine.runtime.ContainerEvent;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.runtime.EngineInfo;
import dev.moor.engine.runtime.ExecResult;
import dev.moor.engine.runtime.FileToCopy;
import dev.moor.engine.runtime.ImageBuild;
import dev.moor.engine.runtime.LogLine;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link ContainerRuntime} of one Docker engine, over docker-java. It speaks the newest API version both
 * the engine and docker-java know.
 *
 * <p>Streams ({@link #events}, {@link #logs}) report a refused request by throwing; once running, they report
 * through their callbacks.
 */
public final class DockerRuntime implements ContainerRuntime {

    /** The newest Engine API docker-java 3.7 speaks. */
    static final RemoteApiVersion NEWEST_SUPPORTED_API = RemoteApiVersion.VERSION_1_44;

    private static final int EXEC_OUTPUT_LIMIT = 4096;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STREAM_START_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient client;
    private final EngineInfo info;
    /** The engine's default logging driver: Moor bounds the json-file driver's logs, which Docker does not. */
    private final String logDriver;

    private DockerRuntime(DockerClient client, EngineInfo info, String logDriver) {
        this.client = client;
        this.info = info;
        this.logDriver = logDriver;
    }

    /** Connects like the docker CLI: DOCKER_HOST (default {@code unix:///var/run/docker.sock}) and its TLS settings. */
    public static DockerRuntime connect() {
        return connect(DockerEndpoint.fromEnvironment(System.getenv()));
    }

    /** Connects to {@code dockerHost} ({@code unix:///path} or {@code tcp://host:port}), TLS as DOCKER_TLS_VERIFY says. */
    public static DockerRuntime connect(String dockerHost) {
        return connect(DockerEndpoint.of(dockerHost, System.getenv()));
    }

    static DockerRuntime connect(DockerEndpoint endpoint) {
        // The default builder brings registry credentials for builds; the endpoint alone decides where and
        // how to connect, so docker contexts (which could switch TLS on) are left out.
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerContext("default")
                .withDockerHost(endpoint.host().toString())
                .withDockerTlsVerify(endpoint.tlsCerts().isPresent());
        endpoint.tlsCerts().ifPresent(certs -> config.withDockerCertPath(certs.toString()));
        DockerHttpClient http;
        DefaultDockerClientConfig unversioned;
        try {
            unversioned = config.build();
            http = new ApacheDockerHttpClient.Builder()
                    .dockerHost(unversioned.getDockerHost())
                    .sslConfig(unversioned.getSSLConfig())
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .build();
        } catch (RuntimeException e) {
            throw new ContainerRuntimeException(
                    "cannot reach the Docker engine at " + endpoint + ": " + DockerErrors.rootCause(e), e);
        }
        Version version;
        try {
            // Without a version in the path the engine answers with its own newest API version.
            version = DockerClientImpl.getInstance(unversioned, http).versionCmd().exec();
        } catch (RuntimeException e) {
            closeQuietly(http);
            throw new ContainerRuntimeException(
                    "no Docker engine answers at " + endpoint + ": " + DockerErrors.rootCause(e), e);
        }
        RemoteApiVersion api = negotiate(version.getApiVersion());
        DockerClient client = DockerClientImpl.getInstance(config.withApiVersion(api).build(), http);
        boolean liveRestore;
        String logDriver;
        try {
            Info engine = client.infoCmd().exec();
            // docker-java has no field for it: the engine's JSON has it, docker-java keeps what it does not map.
            liveRestore = Boolean.TRUE.equals(engine.getRawValues().get("LiveRestoreEnabled"));
            logDriver = engine.getLoggingDriver() == null ? "" : engine.getLoggingDriver();
        } catch (RuntimeException e) {
            closeQuietly(http);
            throw new ContainerRuntimeException(
                    "the Docker engine at " + endpoint + " does not answer its info: " + DockerErrors.rootCause(e), e);
        }
        return new DockerRuntime(client, new EngineInfo(version.getVersion(), api.getVersion(), endpoint.toString(),
                liveRestore), logDriver);
    }

    /** The lower of the engine's API version and the newest docker-java speaks. */
    static RemoteApiVersion negotiate(String engineApiVersion) {
        RemoteApiVersion engine = RemoteApiVersion.parseConfigWithDefault(engineApiVersion);
        if (engine.equals(RemoteApiVersion.UNKNOWN_VERSION) || engine.isGreater(NEWEST_SUPPORTED_API)) {
            return NEWEST_SUPPORTED_API;
        }
        return engine;
    }

    /** The docker-java client, for tests that look at what the engine recorded. */
    DockerClient client() {
        return client;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public Optional<String> imageId(String reference) {
        return call("inspect image " + reference, () -> {
            try {
                return Optional.of(client.inspectImageCmd(reference).exec().getId());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void pullImage(String reference, Consumer<String> progress) {
        String what = "pull of " + reference;
        PullProgress output = new PullProgress(progress);
        call(what, () -> client.pullImageCmd(reference).exec(output));
        awaitStart(output, what);
        awaitEnd(output, Duration.ofDays(1), what);
        if (output.error() != null) {
            throw new ContainerRuntimeException(what + " failed: " + output.error().strip());
        }
        if (output.failure() != null) {
            throw failure(what, output.failure());
        }
    }

    @Override
    public String buildImage(ImageBuild build, Consumer<String> progress) {
        if (build.tags().isEmpty()) {
            throw new ContainerRuntimeException("image build of " + build.context() + ": no tag given (expected at least one)");
        }
        Path context = build.context().toAbsolutePath().normalize();
        Path dockerfile = context.resolve(build.dockerfile()).normalize();
        if (!Files.isDirectory(context)) {
            throw new ContainerRuntimeException("build context " + context + " is not a directory");
        }
        if (!dockerfile.startsWith(context)) {
            throw new ContainerRuntimeException("dockerfile " + build.dockerfile() + " is outside the build context " + context);
        }
        if (!Files.isRegularFile(dockerfile)) {
            throw new ContainerRuntimeException("no Dockerfile at " + dockerfile);
        }
        String what = "build of " + build.tags().getFirst() + " from " + context;
        BuildProgress output = new BuildProgress(progress);
        call(what, () -> {
            // The base directory must be set first: withDockerfile tars the context, honouring .dockerignore.
            BuildImageCmd command = client.buildImageCmd()
                    .withBaseDirectory(context.toFile())
                    .withDockerfile(dockerfile.toFile())
                    .withTags(new LinkedHashSet<>(build.tags()))
                    .withLabels(build.labels())
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true);
            build.args().forEach(command::withBuildArg);
            build.network().ifPresent(command::withNetworkMode);
            return command.exec(output);
        });
        awaitStart(output, what);
        awaitEnd(output, Duration.ofDays(1), what);
        if (output.error() != null) {
            String step = output.lastStep() == null ? "" : " at \"" + output.lastStep() + "\"";
            throw new ContainerRuntimeException(what + " failed" + step + ": " + output.error().strip());
        }
        if (output.failure() != null) {
            throw failure(what, output.failure());
        }
        return call("inspect built image " + build.tags().getFirst(),
                () -> client.inspectImageCmd(build.tags().getFirst()).exec().getId());
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        call("create network " + name, () -> {
            if (networkExists(name)) {
                return null;
            }
            try {
                client.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels)
                        .withCheckDuplicate(true).exec();
            } catch (ConflictException createdMeanwhile) {
                return null;
            }
            return null;
        });
    }

    private boolean networkExists(String name) {
        try {
            // Inspect also matches id prefixes; only a network of exactly that name counts.
            Network network = client.inspectNetworkCmd().withNetworkId(name).exec();
            return name.equals(network.getName());
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public void removeNetwork(String name) {
        call("remove network " + name, () -> {
            try {
                client.removeNetworkCmd(name).exec();
            } catch (NotFoundException alreadyGone) {
                return null;
            }
            return null;
        });
    }

    @Override
    public void ensureVolume(String name, Map<String, String> labels) {
        call("create volume " + name, () -> {
            try {
                client.inspectVolumeCmd(name).exec();
            } catch (NotFoundException e) {
                client.createVolumeCmd().withName(name).withLabels(labels).exec();
            }
            return null;
        });
    }

    @Override
    public List<ContainerInfo> listContainers(Map<String, String> labels) {
        List<Container> containers = call("list containers", () -> {
            var list = client.listContainersCmd().withShowAll(true);
            if (!labels.isEmpty()) {
                list.withLabelFilter(labels);
            }
            return list.exec();
        });
        // The list lacks start and finish times: inspect each; one removed in between is no longer there.
        return containers.stream()
                .map(c -> inspectContainer(c.getId()))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(ContainerInfo::name))
                .toList();
    }

    @Override
    public Optional<ContainerInfo> inspectContainer(String containerId) {
        return call("inspect container " + containerId, () -> {
            try {
                return Optional.of(ContainerInfos.from(client.inspectContainerCmd(containerId).exec()));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public String createContainer(ContainerRequest request) {
        String what = "create container " + request.name() + " from " + request.image();
        return call(what, () -> {
            try {
                return HardenedContainer.command(client, request, logDriver).exec().getId();
            } catch (NotFoundException e) {
                String reason = DockerErrors.message(e);
                throw new ContainerRuntimeException(reason.startsWith("No such image")
                        ? what + ": image " + request.image() + " is not on this host (" + reason + ")"
                        : what + ": " + reason, e);
            } catch (ConflictException e) {
                throw new ContainerRuntimeException(what + ": the name " + request.name()
                        + " is taken (" + DockerErrors.message(e) + ")", e);
            }
        });
    }

    @Override
    public void copyFiles(String containerId, List<FileToCopy> files) {
        String what = "copy files into container " + containerId;
        byte[] archive;
        try {
            archive = FilesArchive.of(files);
        } catch (IllegalArgumentException e) {
            throw new ContainerRuntimeException(what + ": " + e.getMessage(), e);
        }
        call(what, () -> {
            client.copyArchiveToContainerCmd(containerId)
                    .withRemotePath("/")
                    .withTarInputStream(new ByteArrayInputStream(archive))
                    .exec();
            return null;
        });
    }

    @Override
    public void startContainer(String containerId) {
        call("start container " + containerId, () -> {
            try {
                client.startContainerCmd(containerId).exec();
            } catch (NotModifiedException alreadyRunning) {
                return null;
            }
            return null;
        });
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        call("stop container " + containerId, () -> {
            try {
                client.stopContainerCmd(containerId).withTimeout(HardenedContainer.seconds(grace)).exec();
            } catch (NotModifiedException | NotFoundException nothingToStop) {
                return null;
            }
            return null;
        });
    }

    @Override
    public void removeContainer(String containerId) {
        call("remove container " + containerId, () -> {
            try {
                client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                return null;
            } catch (ConflictException e) {
                if (DockerErrors.message(e).contains("already in progress")) {
                    return null;
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public ExecResult exec(String containerId, List<String> argv, Duration timeout) {
        String what = "run " + argv + " in container " + containerId;
        String execId = call(what, () -> client.execCreateCmd(containerId)
                .withCmd(argv.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId());
        ExecOutput output = new ExecOutput(EXEC_OUTPUT_LIMIT);
        long deadline = System.nanoTime() + timeout.toNanos();
        call(what, () -> client.execStartCmd(execId).exec(output));
        awaitStart(output, what);
        if (!awaitEnd(output, Duration.ofNanos(deadline - System.nanoTime()), what)) {
            output.close();
            throw new ContainerRuntimeException(what + ": did not finish within " + describe(timeout));
        }
        if (output.failure() != null) {
            throw failure(what, output.failure());
        }
        return new ExecResult(exitCode(execId, what), output.text());
    }

    private int exitCode(String execId, String what) {
        // The output can end a moment before the engine records the exit.
        for (int attempt = 0; ; attempt++) {
            InspectExecResponse exec = call(what, () -> client.inspectExecCmd(execId).exec());
            if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                return exec.getExitCodeLong().intValue();
            }
            if (attempt == 100) {
                throw new ContainerRuntimeException(what + ": the engine reports no exit code");
            }
            sleep(Duration.ofMillis(20), what);
        }
    }

    @Override
    public Closeable events(Map<String, String> labels, Consumer<ContainerEvent> listener, Consumer<Throwable> onError) {
        String what = "container events";
        EventStream stream = new EventStream(listener, onError, info.endpoint());
        call(what, () -> {
            var events = client.eventsCmd().withEventTypeFilter(EventType.CONTAINER);
            if (!labels.isEmpty()) {
                events.withLabelFilter(labels);
            }
            return events.exec(stream);
        });
        awaitStart(stream, what);
        return stream;
    }

    @Override
    public Closeable logs(String containerId, int tail, boolean follow, Consumer<LogLine> sink, Runnable onEnd) {
        String what = "log of container " + containerId;
        LogStream stream = new LogStream(containerId, sink, onEnd);
        call(what, () -> {
            LogContainerCmd logs = client.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(follow);
            if (tail < 0) {
                logs.withTailAll();
            } else {
                logs.withTail(tail);
            }
            return logs.exec(stream);
        });
        awaitStart(stream, what);
        return stream;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new ContainerRuntimeException("closing the connection to " + info.endpoint() + ": " + e.getMessage(), e);
        }
    }

    private void awaitStart(EngineStream<?> stream, String what) {
        Throwable refused;
        try {
            refused = stream.awaitStart(STREAM_START_TIMEOUT, what);
        } catch (InterruptedException e) {
            stream.close();
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(what + ": interrupted", e);
        }
        if (refused != null) {
            throw failure(what, refused);
        }
    }

    private static boolean awaitEnd(EngineStream<?> stream, Duration timeout, String what) {
        try {
            return stream.awaitEnd(timeout);
        } catch (InterruptedException e) {
            stream.close();
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(what + ": interrupted", e);
        }
    }

    /** Runs one request to the engine and turns whatever goes wrong into a message for the user. */
    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (ContainerRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    private ContainerRuntimeException failure(String what, Throwable cause) {
        return switch (cause) {
            case ContainerRuntimeException e -> e;
            case DockerException e -> new ContainerRuntimeException(what + ": " + DockerErrors.message(e), e);
            case DockerClientException e -> new ContainerRuntimeException(what + ": " + e.getMessage(), e);
            default -> new ContainerRuntimeException(
                    what + ": the Docker engine at " + info.endpoint() + " did not answer (" + DockerErrors.rootCause(cause) + ")",
                    cause);
        };
    }

    private static void sleep(Duration duration, String what) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(what + ": interrupted", e);
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Giving up on a connection that never worked.
        }
    }
}
