package dev.moor.engine.replica;

import dev.moor.engine.image.PreparedImage;
import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.engine.runtime.ContainerRequest.Mount;
import dev.moor.engine.runtime.FileToCopy;
import dev.moor.spec.SecretSpec;
import dev.moor.spec.ServiceSpec;
import dev.moor.spec.VolumeSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Turns a service of a spec into the template its replicas are created from. */
public final class ReplicaTemplates {
    // As Docker Swarm does: readable by whatever user the image runs as; the container is the boundary.
    private static final int SECRET_MODE = 0444;

    private ReplicaTemplates() {}

    /**
     * @param ownerId  the installation id (label)
     * @param app      the app name
     * @param revision the revision number (label)
     * @param service  the service
     * @param image    the image to run, pinned to its id: replicas are created from the id
     * @param environment where {@code env:} secrets are read from (the Moor process's environment)
     * @throws IllegalStateException when a secret cannot be read; the message names the secret, not its value
     */
    public static ReplicaTemplate of(String ownerId, String app, long revision, ServiceSpec service, PreparedImage image,
                                     Function<String, String> environment) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.OWNER, ownerId);
        labels.put(Labels.APP, app);
        labels.put(Labels.SERVICE, service.name());

        List<Mount> mounts = new ArrayList<>();
        for (VolumeSpec volume : service.volumes()) {
            boolean named = volume.kind() == VolumeSpec.Kind.VOLUME;
            mounts.add(new Mount(named ? Mount.Kind.VOLUME : Mount.Kind.BIND,
                    named ? ResourceNames.volume(app, volume.source()) : volume.source(),
                    volume.target(), volume.readOnly()));
        }
        ContainerRequest base = new ContainerRequest("", image.id(), service.command(), service.env(), labels,
                ResourceNames.network(app), List.of(service.name()), service.port(), service.publishIp(),
                service.resources().cpus(), service.resources().memoryBytes(), service.resources().pids(),
                service.capabilities(), mounts, service.stopGrace());

        List<FileToCopy> secrets = new ArrayList<>();
        for (SecretSpec secret : service.secrets()) {
            secrets.add(new FileToCopy(SecretSpec.MOUNT_DIRECTORY + "/" + secret.name(),
                    readSecret(service.name(), secret, environment), SECRET_MODE));
        }
        return new ReplicaTemplate(service.name(), revision, image, base, secrets, hash(base, secrets));
    }

    private static byte[] readSecret(String service, SecretSpec secret, Function<String, String> environment) {
        if (secret.file().isPresent()) {
            try {
                return Files.readAllBytes(secret.file().get());
            } catch (IOException e) {
                throw new IllegalStateException("services." + service + ".secrets." + secret.name()
                        + ": cannot read " + secret.file().get() + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        String variable = secret.fromEnv().orElseThrow();
        String value = environment.apply(variable);
        if (value == null) {
            throw new IllegalStateException("services." + service + ".secrets." + secret.name()
                    + ": environment variable " + variable + " is not set");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A stable hash over every field that shapes a replica; secrets enter as their own digests. */
    static String hash(ContainerRequest base, List<FileToCopy> secrets) {
        StringBuilder canonical = new StringBuilder();
        field(canonical, "image", base.image());
        field(canonical, "command", String.join("\u0001", base.command()));
        field(canonical, "env", new TreeMap<>(base.env()).toString());
        field(canonical, "labels", new TreeMap<>(base.labels()).toString());
        field(canonical, "network", base.network());
        field(canonical, "aliases", String.join(",", base.networkAliases()));
        field(canonical, "port", base.port().map(String::valueOf).orElse(""));
        field(canonical, "publishIp", base.publishIp());
        field(canonical, "cpus", base.cpus().map(String::valueOf).orElse(""));
        field(canonical, "memory", Long.toString(base.memoryBytes()));
        field(canonical, "pids", Long.toString(base.pids()));
        field(canonical, "capabilities", String.join(",", base.capabilities()));
        for (Mount mount : base.mounts()) {
            field(canonical, "mount", mount.kind() + ":" + mount.source() + ":" + mount.target() + ":" + mount.readOnly());
        }
        field(canonical, "stopGrace", base.stopGrace().toString());
        for (FileToCopy secret : secrets) {
            field(canonical, "secret", secret.path() + ":" + Integer.toOctalString(secret.mode()) + ":"
                    + HexFormat.of().formatHex(sha256(secret.content())));
        }
        return HexFormat.of().formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    private static void field(StringBuilder canonical, String name, String value) {
        canonical.append(name).append('=').append(value).append('\u0000');
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
