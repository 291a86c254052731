package dev.moor.spec;

import java.nio.file.Path;

/**
 * The configuration of one control plane ({@code moor server}): its {@code server.yaml}, in {@code $MOOR_HOME}
 * (by default {@code ~/.moor/server.yaml}). The file is optional and every setting has a default.
 *
 * @param source where it was read from (relative paths in it resolve against its directory); the file need not
 *               exist
 * @param edge   the settings of the host's one edge, which serves every app of the host
 * @param api    the remote API
 */
public record ServerSpec(Path source, EdgeSettingsSpec edge, ApiSpec api) {

    /** Every setting at its default, as if {@code source} did not exist. */
    public static ServerSpec defaults(Path source) {
        return new ServerSpec(source, EdgeSettingsSpec.defaults(), ApiSpec.defaults());
    }

    /** The directory that relative paths of this configuration resolve against. */
    public Path baseDirectory() {
        return AppSpec.baseDirectoryOf(source);
    }
}
