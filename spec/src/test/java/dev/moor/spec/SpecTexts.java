package dev.moor.spec;

import java.nio.file.Path;
import java.util.List;

/** Helpers for tests that parse small documents and look at the problems. */
final class SpecTexts {
    static final Path SOURCE = Path.of("moor.yaml");

    /** Lines 1 to 4: app {@code shop} with service {@code web} running nginx; {@code lines} follow from line 5. */
    static String webService(String... lines) {
        return "app: shop\nservices:\n  web:\n    image: nginx:1.27\n" + String.join("\n", lines) + "\n";
    }

    /** The problems of a document read from {@code moor.yaml}, rendered without the file name. */
    static List<String> problems(String yaml) {
        return problems(yaml, SOURCE);
    }

    static List<String> problems(String yaml, Path source) {
        return problemsOf(yaml, source).stream()
                .map(problem -> problem.render().substring(source.toString().length() + 1))
                .toList();
    }

    static List<SpecProblem> problemsOf(String yaml, Path source) {
        try {
            AppSpec spec = SpecLoader.parse(yaml, source);
            throw new AssertionError("expected problems, but the spec was accepted: " + spec);
        } catch (SpecException e) {
            return e.problems();
        }
    }

    private SpecTexts() {}
}
