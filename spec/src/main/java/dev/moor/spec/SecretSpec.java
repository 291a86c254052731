package dev.moor.spec;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A secret mounted read-only at {@code /run/secrets/<name>} in every replica. Its value comes from a file
 * or from an environment variable of the Moor process; it is never passed as a container environment
 * variable and never logged.
 *
 * @param name        the file name under {@code /run/secrets}
 * @param file        the file holding the value, absolute
 * @param fromEnv     the environment variable of the Moor process holding the value
 */
public record SecretSpec(String name, Optional<Path> file, Optional<String> fromEnv) {
    public static final String MOUNT_DIRECTORY = "/run/secrets";
}
