package dev.moor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class SpecFiles {
    private static final Pattern APP_LINE = Pattern.compile("^app:\\s*[\"']?([a-z0-9-]+)[\"']?\\s*(#.*)?$");

    private SpecFiles() {}

    /** The {@code app:} a spec file declares at its top level, read line by line: for files that do not parse. */
    static String declaredAppName(Path specFile) {
        try {
            for (String line : Files.readAllLines(specFile, StandardCharsets.UTF_8)) {
                Matcher matcher = APP_LINE.matcher(line.stripTrailing());
                if (matcher.matches()) {
                    return matcher.group(1);
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
