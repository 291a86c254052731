package dev.moor.server.edge;

import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.runtime.ImageBuild;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The edge's container image, built on this host from the very classes this Moor runs (a jlink'd Java runtime
 * image plus Moor's jars), tagged by their content: a newer Moor makes a new image, and {@code moor edge restart}
 * moves the edge onto it. Nothing is pulled but the base image, which {@code scripts/base-images} makes locally
 * where no registry is reachable, with the glibc libraries the JVM links: the native libraries in Moor's jars that the
 * edge loads from them (epoll, io_uring, BoringSSL, HTTP/3's QUIC) link no others ({@code librt}, {@code libc} and
 * the loader for QUIC's).
 */
public final class EdgeImage {
    public static final String BASE_IMAGE = "eclipse-temurin:25-jre";
    public static final String REPOSITORY = "moor/edge";
    static final String MAIN_CLASS = "dev.moor.edge.agent.EdgeProcess";
    /**
     * The image build runs it with the edge's JVM options under {@code -XX:AOTCacheOutput} (JDK 25): the classes an
     * edge loads and links and the profiles of its first requests are cached in the image, and an edge container
     * serves sooner (docs/edge.md, "Start-up").
     */
    static final String TRAINING_CLASS = "dev.moor.edge.agent.EdgeTraining";
    static final String AOT_CACHE = "/opt/moor/edge.aot";
    private static final String TRAINING_DIRECTORY = "/opt/moor/training";
    /**
     * The edge's JVM: the flags the {@code moor} launcher gives Moor, sized for a proxy (see bench/README.md). A
     * young generation of 40 MB (about twice the default share of the initial heap): a proxied HTTP/2 request
     * allocates about 3 KB, and each young collection stops the loops for about a millisecond, so at 50,000 requests
     * a second the default's ten collections a second delayed over 1 % of the requests, which showed in the p99;
     * more would cost resident memory the edge's 200 MB budget does not have.
     */
    static final List<String> JAVA_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx128m", "-Xmn40m",
            "-XX:MaxDirectMemorySize=64m", "-Xss512k",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-Dio.netty.noUnsafe=false", "-Dio.netty.leakDetection.level=disabled");

    private EdgeImage() {}

    /**
     * Builds the image unless one with the same content is here already.
     *
     * @param classPath the class path entries this Moor runs from (jars and class directories)
     * @param progress  receives the build's output lines
     * @return the image's tag
     */
    public static String ensure(ContainerRuntime runtime, List<Path> classPath, Consumer<String> progress) {
        List<Path> entries = expand(classPath);
        String tag = REPOSITORY + ":" + digest(entries);
        if (runtime.imageId(tag).isPresent()) {
            return tag;
        }
        if (runtime.imageId(BASE_IMAGE).isEmpty()) {
            try {
                runtime.pullImage(BASE_IMAGE, progress);
            } catch (ContainerRuntimeException e) {
                throw new ContainerRuntimeException("the edge's base image " + BASE_IMAGE + " is not on the Docker engine"
                        + " and cannot be pulled (" + e.getMessage() + "): run scripts/base-images, which makes it"
                        + " from the local JDK", e);
            }
        }
        Path context = null;
        progress.accept("building the edge's image " + tag + " from this Moor's jars");
        try {
            context = Files.createTempDirectory("moor-edge-image");
            writeContext(context, entries);
            // The training run needs loopback only; "none" also builds where Docker's default bridge is missing.
            runtime.buildImage(new ImageBuild(context, "Dockerfile", Map.of(), List.of(tag),
                    Map.of(EdgeSupervisor.ROLE_LABEL, EdgeSupervisor.ROLE), Optional.of("none")), line -> { });
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the edge image's build context: " + e.getMessage(), e);
        } finally {
            deleteQuietly(context);
        }
    }

    /** The class path of this JVM, as the edge image is made of it. */
    public static List<Path> currentClassPath() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath());
            }
        }
        return entries;
    }

    /** The entries with the jars their manifests' Class-Path names (moor.jar names lib/*.jar), each once. */
    static List<Path> expand(List<Path> classPath) {
        Set<Path> all = new LinkedHashSet<>();
        for (Path entry : classPath) {
            if (!Files.exists(entry)) {
                continue;
            }
            all.add(entry.normalize());
            if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                for (Path named : manifestClassPath(entry)) {
                    if (Files.isRegularFile(named)) {
                        all.add(named.normalize());
                    }
                }
            }
        }
        return List.copyOf(all);
    }

    private static List<Path> manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return List.of();
            }
            List<Path> named = new ArrayList<>();
            for (String relative : classPath.trim().split("\\s+")) {
                named.add(jar.getParent().resolve(relative));
            }
            return named;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Digests by what the files were when hashed: a server hashes its jars once, not at every edge start. */
    private static final Map<List<String>, String> DIGESTS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Part of the digest: a change to how the image is made makes a new image of the same jars. */
    private static final String LAYOUT = "lib, trained ahead-of-time cache";

    /**
     * Starts hashing the class path on a thread of its own, so that the server's first {@link #ensure} finds the
     * digest made while the server was connecting to Docker, instead of reading Moor's jars on the way to its
     * first edge.
     */
    public static void hashInBackground(List<Path> classPath) {
        Thread.ofPlatform().daemon().name("moor-edge-image-digest").start(() -> {
            try {
                digest(expand(classPath));
            } catch (RuntimeException e) {
                // ensure() hashes again and reports what fails.
            }
        });
    }

    /** Content digest of every entry, in order (file names inside directories sorted). */
    static String digest(List<Path> entries) {
        List<String> stamp = stamp(entries);
        return DIGESTS.computeIfAbsent(stamp, unused -> hash(entries));
    }

    /** Each file's path, size and modification time. */
    private static List<String> stamp(List<Path> entries) {
        try {
            List<String> stamp = new ArrayList<>();
            for (Path entry : entries) {
                for (Path file : files(entry)) {
                    stamp.add(file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis());
                }
            }
            return List.copyOf(stamp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Moor's class path to make the edge image: " + e.getMessage(), e);
        }
    }

    private static String hash(List<Path> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((LAYOUT + "\n" + String.join("\n", JAVA_OPTIONS)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Path entry : entries) {
                for (Path file : files(entry)) {
                    sha.update(entry.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Moor's class path to make the edge image: " + e.getMessage(), e);
        }
    }

    private static List<Path> files(Path entry) throws IOException {
        if (Files.isRegularFile(entry)) {
            return List.of(entry);
        }
        try (Stream<Path> walk = Files.walk(entry)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static void writeContext(Path context, List<Path> entries) throws IOException {
        Path lib = Files.createDirectories(context.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        int directories = 0;
        for (Path entry : entries) {
            if (Files.isRegularFile(entry)) {
                String name = entry.getFileName().toString();
                // Two jars of one name from different places would overwrite each other.
                if (Files.exists(lib.resolve(name))) {
                    name = (classPath.size()) + "-" + name;
                }
                Files.copy(entry, lib.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                classPath.add("/opt/moor/lib/" + name);
            } else {
                String name = "classes-" + directories++;
                copyTree(entry, lib.resolve(name));
                classPath.add("/opt/moor/lib/" + name);
            }
        }
        // The JVM keeps an ahead-of-time cache of jars only: an image made of class directories (Moor's own tests)
        // starts its edge without one.
        boolean trained = directories == 0;
        String dockerfile = "FROM " + BASE_IMAGE + "\n"
                + "COPY lib/ /opt/moor/lib/\n";
        if (trained) {
            dockerfile += "RUN " + command(List.of("-XX:AOTCacheOutput=" + AOT_CACHE), classPath, TRAINING_CLASS,
                    List.of(TRAINING_DIRECTORY)) + "\n";
        }
        dockerfile += "ENTRYPOINT " + command(trained ? List.of("-XX:AOTCache=" + AOT_CACHE) : List.of(), classPath,
                MAIN_CLASS, List.of()) + "\n";
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
    }

    /** A java command line in a Dockerfile's exec form: the image has no shell. */
    private static String command(List<String> cacheOptions, List<String> classPath, String mainClass,
                                  List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(JAVA_OPTIONS);
        command.addAll(cacheOptions);
        command.add("-cp");
        command.add(String.join(":", classPath));
        command.add(mainClass);
        command.addAll(arguments);
        return "[" + String.join(", ", command.stream().map(EdgeImage::quoted).toList()) + "]";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
