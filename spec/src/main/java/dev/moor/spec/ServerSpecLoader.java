package dev.moor.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the server's {@code server.yaml} into a {@link ServerSpec}, or reports every problem in it at once. The file
 * is optional: without it, and for every key left out, the defaults apply.
 */
public final class ServerSpecLoader {
    public static final String FILE_NAME = "server.yaml";

    private ServerSpecLoader() {}

    /**
     * @param file the configuration, usually {@code $MOOR_HOME/server.yaml}
     * @return the configuration; every setting at its default when the file does not exist
     * @throws SpecException when the file is unreadable or invalid
     */
    public static ServerSpec load(Path file) throws SpecException {
        if (Files.isDirectory(file)) {
            throw SpecLoader.fileProblem(file, "a directory", "a " + FILE_NAME + " file, or none");
        }
        Optional<String> text = SpecLoader.read(file);
        return text.isEmpty() ? ServerSpec.defaults(file) : parse(text.get(), file);
    }

    /**
     * @param yamlText the configuration; empty or only comments means every default
     * @param source   where the text comes from: named in problems, and relative paths resolve against its directory
     *                 (it need not exist)
     * @throws SpecException with every problem, in file order
     */
    public static ServerSpec parse(String yamlText, Path source) throws SpecException {
        Problems problems = new Problems(source);
        Optional<ServerSpec> spec = YamlTreeReader.readAllowingEmpty(yamlText, problems)
                .flatMap(root -> new ServerSpecReader(source, problems).read(root));
        if (!problems.isEmpty()) {
            throw problems.toException();
        }
        return spec.orElseThrow();
    }
}
