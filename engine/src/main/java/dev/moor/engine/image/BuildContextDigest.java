package dev.moor.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A digest of what a build sends to the engine: every file of the context that {@code .dockerignore} does
 * not exclude (path, executable bit and bytes), the Dockerfile name and the build arguments. Two builds
 * with the same digest produce the same image, so the digest names the image and an unchanged service is
 * not rebuilt.
 */
public final class BuildContextDigest {
    private static final int LENGTH = 16;

    private BuildContextDigest() {}

    public static String of(Path context, String dockerfile, Map<String, String> args) {
        MessageDigest digest = sha256();
        update(digest, "dockerfile", dockerfile);
        update(digest, "args", new TreeMap<>(args).toString());
        try {
            for (Path relative : files(context, dockerfile)) {
                Path file = context.resolve(relative);
                update(digest, "file", relative.toString().replace('\\', '/') + (Files.isExecutable(file) ? ":x" : ""));
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build context " + context + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, LENGTH);
    }

    /**
     * The files a build of {@code context} sends to the engine, relative to it and sorted: every regular file that
     * {@code .dockerignore} does not exclude, and the Dockerfile even when it does.
     *
     * @throws UncheckedIOException when the context cannot be read
     */
    public static List<Path> files(Path context, String dockerfile) {
        List<PathMatcher> ignored = dockerignore(context);
        try (Stream<Path> files = Files.walk(context)) {
            return files.filter(Files::isRegularFile)
                    .map(context::relativize)
                    .filter(relative -> ignored.stream().noneMatch(m -> m.matches(relative))
                            || relative.toString().equals(dockerfile))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build context " + context + ": " + e.getMessage(), e);
        }
    }

    /** The patterns of {@code .dockerignore} as glob matchers over context-relative paths. */
    static List<PathMatcher> dockerignore(Path context) {
        Path file = context.resolve(".dockerignore");
        List<PathMatcher> matchers = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return matchers;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String pattern = line.strip();
                if (pattern.isEmpty() || pattern.startsWith("#") || pattern.startsWith("!")) {
                    continue;
                }
                pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
                // A pattern naming a directory excludes everything below it.
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern + "/**"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return matchers;
    }

    private static void update(MessageDigest digest, String name, String value) {
        digest.update((name + "=" + value + "\u0000").getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
