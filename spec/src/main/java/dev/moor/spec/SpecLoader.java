package dev.moor.spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads a {@code moor.yaml} into an {@link AppSpec}, or reports every problem in it at once. */
public final class SpecLoader {
    public static final String FILE_NAME = "moor.yaml";
    public static final String ALTERNATE_FILE_NAME = "moor.yml";

    private SpecLoader() {}

    /**
     * @param fileOrDirectory a spec file, or a directory holding {@code moor.yaml} (else {@code moor.yml})
     * @throws SpecException when the file is missing, unreadable or invalid
     */
    public static AppSpec load(Path fileOrDirectory) throws SpecException {
        return load(fileOrDirectory, FileAccess.LOCAL);
    }

    /**
     * @param fileOrDirectory a spec file, or a directory holding {@code moor.yaml} (else {@code moor.yml})
     * @param access          where the paths the file names are read
     * @throws SpecException when the file is missing, unreadable or invalid
     */
    public static AppSpec load(Path fileOrDirectory, FileAccess access) throws SpecException {
        Path file = fileOrDirectory;
        if (Files.isDirectory(fileOrDirectory)) {
            file = fileOrDirectory.resolve(FILE_NAME).normalize();
            Path alternate = fileOrDirectory.resolve(ALTERNATE_FILE_NAME).normalize();
            if (!Files.exists(file) && Files.exists(alternate)) {
                file = alternate;
            }
        }
        Optional<String> text = read(file);
        if (text.isEmpty()) {
            throw fileProblem(file, "no such file", Files.isDirectory(fileOrDirectory)
                    ? "a " + FILE_NAME + " or " + ALTERNATE_FILE_NAME + " in " + fileOrDirectory
                    : "an existing " + FILE_NAME);
        }
        return parse(text.get(), file, access);
    }

    /**
     * @param yamlText the spec
     * @param source   where the text comes from: named in problems, and relative paths resolve against its directory
     *                 (it need not exist)
     * @throws SpecException with every problem, in file order
     */
    public static AppSpec parse(String yamlText, Path source) throws SpecException {
        return parse(yamlText, source, FileAccess.LOCAL);
    }

    /**
     * @param yamlText the spec
     * @param source   where the text comes from: named in problems, and relative paths resolve against its directory
     *                 (it need not exist)
     * @param access   where the paths the file names are read
     * @throws SpecException with every problem, in file order
     */
    public static AppSpec parse(String yamlText, Path source, FileAccess access) throws SpecException {
        Problems problems = new Problems(source);
        Optional<AppSpec> spec = YamlTreeReader.read(yamlText, problems)
                .flatMap(root -> new AppSpecReader(source, access, problems).read(root));
        if (!problems.isEmpty()) {
            throw problems.toException();
        }
        return spec.orElseThrow();
    }

    /**
     * The text of a YAML file, empty when there is no such file.
     *
     * @throws SpecException when it cannot be read or is not UTF-8
     */
    static Optional<String> read(Path file) throws SpecException {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CharacterCodingException e) {
            throw fileProblem(file, "not UTF-8 text", "a YAML file encoded in UTF-8");
        } catch (IOException e) {
            throw fileProblem(file, "unreadable (" + e.getClass().getSimpleName() + ")", "a readable file");
        }
    }

    static SpecException fileProblem(Path file, String value, String expected) {
        return new SpecException(List.of(new SpecProblem(file, 0, 0, "", SpecProblem.Kind.INVALID_VALUE, value, expected)));
    }
}
