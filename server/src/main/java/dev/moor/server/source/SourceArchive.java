package dev.moor.server.source;

import dev.moor.engine.image.BuildContextDigest;
import dev.moor.spec.AppSpec;
import dev.moor.spec.BuildSpec;
import dev.moor.spec.CertificateSpec;
import dev.moor.spec.HttpsSpec;
import dev.moor.spec.SecretSpec;
import dev.moor.spec.ServiceSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The files of an app's {@code moor.yaml} that a remote server cannot read itself: every build context (as
 * {@code .dockerignore} leaves it) and every secret file, as a gzipped tar whose paths are relative to the file's
 * directory. Entries are sorted and carry no owner or time, so the same files always give the same bytes and the
 * archive's SHA-256 names it: a server that has the digest already is not sent it again.
 *
 * @param file    the archive
 * @param digest  the archive's SHA-256, in lowercase hex
 * @param files   how many files it holds
 * @param bytes   the archive's size
 */
public record SourceArchive(Path file, String digest, int files, long bytes) {

    /** The name of a digest: 64 lowercase hex digits. */
    static final String DIGEST_PATTERN = "[0-9a-f]{64}";

    /**
     * Packs the build contexts and secret files of {@code spec} into {@code archive}.
     *
     * @param spec a spec read with {@link dev.moor.spec.FileAccess#UPLOADED}, so every path it names is inside its
     *             file's directory
     * @throws IllegalArgumentException when a path it names is outside its file's directory
     * @throws UncheckedIOException     when a file cannot be read or the archive written
     */
    public static SourceArchive pack(AppSpec spec, Path archive) {
        Map<String, Path> files = filesOf(spec);
        Map<String, Path> entries = new TreeMap<>();
        Path base = spec.baseDirectory().normalize();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            for (Path parent = base.relativize(file.getValue()).getParent(); parent != null; parent = parent.getParent()) {
                entries.put(name(parent) + "/", base.resolve(parent));
            }
            entries.put(file.getKey(), file.getValue());
        }
        MessageDigest sha = sha256();
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(
                     new GZIPOutputStream(new DigestOutputStream(out, sha)), "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Map.Entry<String, Path> entry : entries.entrySet()) {
                Path path = entry.getValue();
                boolean directory = entry.getKey().endsWith("/");
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
                tarEntry.setMode((directory ? TarArchiveEntry.DEFAULT_DIR_MODE : TarArchiveEntry.DEFAULT_FILE_MODE)
                        & ~0777 | permissions(path));
                tarEntry.setModTime(FileTime.fromMillis(0));
                tarEntry.setIds(0, 0);
                tarEntry.setNames("", "");
                if (!directory) {
                    tarEntry.setSize(Files.size(path));
                }
                tar.putArchiveEntry(tarEntry);
                if (!directory) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the files of " + spec.source() + " into " + archive + ": "
                    + e.getMessage(), e);
        }
        try {
            return new SourceArchive(archive, HexFormat.of().formatHex(sha.digest()), files.size(), Files.size(archive));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + archive + ": " + e.getMessage(), e);
        }
    }

    /** The files a remote server needs, by their path relative to the spec's directory. */
    static Map<String, Path> filesOf(AppSpec spec) {
        Path base = spec.baseDirectory().normalize();
        Map<String, Path> files = new TreeMap<>();
        for (ServiceSpec service : spec.services().values()) {
            if (service.build().isPresent()) {
                BuildSpec build = service.build().get();
                Path context = build.context().toAbsolutePath().normalize();
                for (Path relative : BuildContextDigest.files(context, build.dockerfile())) {
                    add(files, base, context.resolve(relative), "services." + service.name() + ".build");
                }
            }
            for (SecretSpec secret : service.secrets()) {
                secret.file().ifPresent(file -> add(files, base, file.toAbsolutePath().normalize(),
                        "services." + service.name() + ".secrets." + secret.name()));
            }
        }
        spec.edge().https().map(HttpsSpec::certificate).filter(CertificateSpec.Files.class::isInstance)
                .map(CertificateSpec.Files.class::cast).ifPresent(certificate -> {
                    add(files, base, certificate.chain().toAbsolutePath().normalize(), "edge.https.certificate.chain");
                    add(files, base, certificate.key().toAbsolutePath().normalize(), "edge.https.certificate.key");
                });
        return files;
    }

    private static void add(Map<String, Path> files, Path base, Path file, String key) {
        if (!file.startsWith(base)) {
            throw new IllegalArgumentException(key + ": " + file + " is outside " + base + " (expected: a path inside"
                    + " the file's directory, which is all a remote server receives)");
        }
        files.put(name(base.relativize(file)), file);
    }

    private static String name(Path relative) {
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            name.append(name.isEmpty() ? "" : "/").append(part);
        }
        return name.toString();
    }

    private static int permissions(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 0400 >> permission.ordinal();
        }
        return mode;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
