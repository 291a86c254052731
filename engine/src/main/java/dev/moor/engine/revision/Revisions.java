package dev.moor.engine.revision;

import dev.moor.engine.image.PreparedImage;
import dev.moor.spec.AppSpec;
import dev.moor.spec.ServiceSpec;
import dev.moor.spec.SpecException;
import dev.moor.spec.SpecLoader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Pure helpers over revisions. */
public final class Revisions {
    private Revisions() {}

    /** The digest that identifies a revision's content. */
    public static String digest(String sourceText, Map<String, Integer> scale, Map<String, PreparedImage> images) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(sourceText.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(new TreeMap<>(scale).toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(new TreeMap<>(images).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The spec a stored revision runs: its text parsed again, its scale applied.
     *
     * @throws IllegalStateException when the text no longer parses (a Moor that reads the format differently)
     */
    public static AppSpec spec(Revision revision) {
        try {
            return applyScale(SpecLoader.parse(revision.sourceText(), revision.sourcePath()), revision.scale());
        } catch (SpecException e) {
            throw new IllegalStateException("revision " + revision.number() + " of " + revision.app()
                    + " does not parse any more: " + e.getMessage(), e);
        }
    }

    /** The spec with the replica counts of {@code scale} applied. */
    public static AppSpec applyScale(AppSpec spec, Map<String, Integer> scale) {
        if (scale.isEmpty()) {
            return spec;
        }
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (ServiceSpec service : spec.services().values()) {
            Integer replicas = scale.get(service.name());
            services.put(service.name(), replicas == null ? service : service.withReplicas(replicas));
        }
        return new AppSpec(spec.source(), spec.name(), services, spec.externalServices(), spec.routes(), spec.edge());
    }
}
