package dev.moor.spec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code services.<name>.volumes}: strings {@code source:target[:ro|:rw]} where the source is a named volume
 * or a host directory ({@code /absolute}, {@code ./relative}).
 */
final class VolumeSpecReader {
    private static final String FORM = "source:target[:ro|:rw] with a volume name or a host path (/… or ./…) as source"
            + " and an absolute path in the container as target";

    private final Problems problems;
    private final ValueReader values;
    private final Path baseDirectory;
    private final FileAccess access;

    VolumeSpecReader(Problems problems, ValueReader values, Path baseDirectory, FileAccess access) {
        this.problems = problems;
        this.values = values;
        this.baseDirectory = baseDirectory;
        this.access = access;
    }

    List<VolumeSpec> read(YamlNode node, String path) {
        if (!(node instanceof YamlNode.Sequence sequence)) {
            problems.invalid(node, path, "a list of " + FORM);
            return List.of();
        }
        List<VolumeSpec> read = new ArrayList<>();
        Map<String, String> pathOfTarget = new HashMap<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode item = sequence.items().get(i);
            String itemPath = KeyPath.index(path, i);
            Optional<VolumeSpec> volume = values.string(item, itemPath, FORM).flatMap(text -> volume(item, itemPath, text));
            if (volume.isEmpty()) {
                continue;
            }
            String earlier = pathOfTarget.putIfAbsent(volume.get().target(), itemPath);
            if (earlier != null) {
                problems.invalid(item, itemPath, "a target not mounted already (" + earlier + " mounts it)");
            } else {
                read.add(volume.get());
            }
        }
        return read;
    }

    private Optional<VolumeSpec> volume(YamlNode item, String path, String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
            problems.invalid(item, path, FORM);
            return Optional.empty();
        }
        String source = parts[0];
        String target = parts[1];
        boolean readOnly = parts.length == 3 && parts[2].equals("ro");
        if (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw")) {
            problems.invalid(item, path, "ro or rw after the target, or nothing");
            return Optional.empty();
        }
        if (!target.startsWith("/") || target.equals("/")) {
            problems.invalid(item, path, "an absolute target path other than / in the container");
            return Optional.empty();
        }
        if (isHostPath(source)) {
            if (access == FileAccess.UPLOADED && !source.startsWith("/")) {
                problems.invalid(item, path, "an absolute host path on the server, or a volume name (a remote server"
                        + " cannot mount a directory of the machine that sends the file)");
                return Optional.empty();
            }
            try {
                Path host = baseDirectory.resolve(source).toAbsolutePath().normalize();
                return Optional.of(new VolumeSpec(VolumeSpec.Kind.BIND, host.toString(), target, readOnly));
            } catch (InvalidPathException e) {
                problems.invalid(item, path, FORM);
                return Optional.empty();
            }
        }
        if (!Names.VOLUME.matcher(source).matches()) {
            problems.invalid(item, path, FORM);
            return Optional.empty();
        }
        return Optional.of(new VolumeSpec(VolumeSpec.Kind.VOLUME, source, target, readOnly));
    }

    private static boolean isHostPath(String source) {
        return source.startsWith("/") || source.equals(".") || source.equals("..")
                || source.startsWith("./") || source.startsWith("../");
    }
}
