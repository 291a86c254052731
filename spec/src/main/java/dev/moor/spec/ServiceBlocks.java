package dev.moor.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One service's part of a {@code moor.yaml}, as lines of text: what {@code moor rollback SERVICE} takes from an earlier
 * revision's file and puts in place of the service's part of the current one, leaving the rest of the file (other
 * services, routes, edge, comments) as it is.
 */
public final class ServiceBlocks {
    private ServiceBlocks() {}

    /**
     * The text {@code current} with the entry of {@code service} under {@code services} replaced by its entry in
     * {@code earlier}, line for line.
     *
     * @throws IllegalArgumentException when either file has no such entry, or writes its services in flow style
     *                                  ({@code services: {web: ...}}), where no line holds one service alone
     */
    public static String replace(String current, String earlier, String service) {
        Block now = block(current, service, "the current file");
        Block then = block(earlier, service, "the earlier file");
        List<String> lines = current.lines().toList();
        List<String> earlierLines = earlier.lines().toList();
        StringBuilder text = new StringBuilder(current.length());
        for (int i = 0; i < now.first(); i++) {
            text.append(lines.get(i)).append('\n');
        }
        String indent = " ".repeat(now.indent());
        for (int i = then.first(); i < then.end(); i++) {
            String line = earlierLines.get(i);
            // The earlier file may indent its services otherwise: its block is moved to the current indentation.
            String stripped = line.length() >= then.indent() && line.substring(0, then.indent()).isBlank()
                    ? line.substring(then.indent()) : line.stripLeading();
            text.append(line.isBlank() ? "" : indent + stripped).append('\n');
        }
        for (int i = now.end(); i < lines.size(); i++) {
            text.append(lines.get(i)).append('\n');
        }
        return text.toString();
    }

    /** The lines of a service's entry: from its key's line to the line before the next entry (0-based, end excluded). */
    private record Block(int first, int end, int indent) {}

    private static Block block(String text, String service, String which) {
        Problems problems = new Problems(Path.of("moor.yaml"));
        YamlNode root = YamlTreeReader.read(text, problems).orElseThrow(() -> new IllegalArgumentException(
                which + " does not read as YAML"));
        if (!(root instanceof YamlNode.Mapping top)) {
            throw new IllegalArgumentException(which + " is no map");
        }
        Optional<YamlNode.Entry> services = top.entry("services");
        if (services.isEmpty() || !(services.get().value() instanceof YamlNode.Mapping byName)) {
            throw new IllegalArgumentException(which + " has no services map");
        }
        List<YamlNode.Entry> entries = byName.entries();
        for (int i = 0; i < entries.size(); i++) {
            YamlNode.Entry entry = entries.get(i);
            if (!entry.key().equals(service)) {
                continue;
            }
            int first = entry.keyPosition().line() - 1;
            if (services.get().keyPosition().line() - 1 == first) {
                throw new IllegalArgumentException(which + " writes its services on one line, in flow style"
                        + " (expected: one service per block of lines)");
            }
            int end = i + 1 < entries.size() ? entries.get(i + 1).keyPosition().line() - 1 : nextTopLevel(top, services.get(),
                    text);
            if (end <= first) {
                throw new IllegalArgumentException(which + " writes service " + service + " on the line of another"
                        + " (expected: one service per block of lines)");
            }
            return new Block(first, trimTrailingBlankAndComments(text, first, end), entry.keyPosition().column() - 1);
        }
        throw new IllegalArgumentException(which + " has no service " + service);
    }

    /** The line (0-based) of the top-level key after {@code services}, or the end of the text. */
    private static int nextTopLevel(YamlNode.Mapping top, YamlNode.Entry services, String text) {
        return top.entries().stream().map(YamlNode.Entry::keyPosition)
                .filter(position -> position.line() > services.keyPosition().line())
                .mapToInt(position -> position.line() - 1).min().orElse((int) text.lines().count());
    }

    /** Blank lines and comments at the end of a block belong to what follows it. */
    private static int trimTrailingBlankAndComments(String text, int first, int end) {
        List<String> lines = text.lines().toList();
        int last = end;
        while (last > first + 1 && (lines.get(last - 1).isBlank() || lines.get(last - 1).strip().startsWith("#"))) {
            last--;
        }
        return last;
    }
}
