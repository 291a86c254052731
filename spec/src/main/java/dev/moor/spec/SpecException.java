package dev.moor.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A {@code moor.yaml} that cannot be used; carries every problem found, in file order. */
public final class SpecException extends Exception {
    private final List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
        super(problems.stream().map(SpecProblem::render).collect(Collectors.joining("\n")), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: empty (expected: at least one problem)");
        }
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
