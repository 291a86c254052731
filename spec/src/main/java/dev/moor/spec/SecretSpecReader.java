package dev.moor.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code services.<name>.secrets}: a map from secret name to {@code {file: path}} or {@code {env: VARIABLE}}. */
final class SecretSpecReader {
    static final List<String> KEYS = List.of("file", "env");
    private static final String ONE_SOURCE = "either file: <path> or env: <VARIABLE>";

    private final Problems problems;
    private final ValueReader values;
    private final Path baseDirectory;
    private final FileAccess access;

    SecretSpecReader(Problems problems, ValueReader values, Path baseDirectory, FileAccess access) {
        this.problems = problems;
        this.values = values;
        this.baseDirectory = baseDirectory;
        this.access = access;
    }

    List<SecretSpec> read(YamlNode node, String path) {
        if (!(node instanceof YamlNode.Mapping secrets)) {
            problems.invalid(node, path, "a map of secrets by name, each " + ONE_SOURCE);
            return List.of();
        }
        List<SecretSpec> read = new ArrayList<>();
        for (YamlNode.Entry entry : secrets.entries()) {
            String secretPath = KeyPath.child(path, entry.key());
            if (!Names.SECRET.matcher(entry.key()).matches()) {
                problems.invalid(entry.keyPosition(), secretPath, entry.key(), Names.SECRET_RULE);
            }
            MappingReader.open(entry.value(), secretPath, entry.keyPosition(), KEYS, "a map with " + ONE_SOURCE, problems)
                    .flatMap(secret -> secret(entry.key(), secret))
                    .ifPresent(read::add);
        }
        return read;
    }

    private Optional<SecretSpec> secret(String name, MappingReader secret) {
        if (!secret.has("file") && !secret.has("env")) {
            problems.missing(secret.at(), secret.path(), ONE_SOURCE);
            return Optional.empty();
        }
        if (secret.has("file") && secret.has("env")) {
            problems.invalid(secret.keyPosition("env").orElseThrow(), secret.path(), "file and env", ONE_SOURCE);
            return Optional.empty();
        }
        if (secret.has("env")) {
            return values.matching(secret.get("env").orElseThrow(), secret.path("env"), Names.VARIABLE, Names.VARIABLE_RULE)
                    .map(variable -> new SecretSpec(name, Optional.empty(), Optional.of(variable)));
        }
        YamlNode fileNode = secret.get("file").orElseThrow();
        String expected = "a file, relative to " + baseDirectory;
        return values.appPath(fileNode, secret.path("file"), baseDirectory, access, expected).flatMap(file -> {
            if (!Files.isRegularFile(file)) {
                problems.invalid(fileNode, secret.path("file"), "an existing file; " + file + " is none");
                return Optional.empty();
            }
            return Optional.of(new SecretSpec(name, Optional.of(file), Optional.empty()));
        });
    }
}
