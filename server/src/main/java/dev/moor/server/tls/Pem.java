package dev.moor.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM files of certificates and keys, written owner-only. */
public final class Pem {

    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private Pem() {
    }

    public static String certificates(List<X509Certificate> certificates) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(new JcaMiscPEMGenerator(certificate));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a certificate as PEM", e);
        }
        return text.toString();
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), which OpenSSL, curl and the JDK all read. */
    public static String privateKey(PrivateKey key) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a private key as PEM", e);
        }
        return text.toString();
    }

    /**
     * The certificates of a PEM file, in order.
     *
     * @throws IOException when it cannot be read, or holds anything else or none
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : readObjects(file)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IOException(file + " holds a " + object.getClass().getSimpleName()
                        + " (expected: PEM certificates only, \"BEGIN CERTIFICATE\")");
            }
            try {
                certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
            } catch (CertificateException e) {
                throw new IOException(file + " holds a certificate the JDK cannot read: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no certificate (expected: \"BEGIN CERTIFICATE\" in PEM)");
        }
        return certificates;
    }

    static PrivateKey readPrivateKey(Path file) throws IOException {
        List<Object> objects = readObjects(file);
        if (objects.size() != 1) {
            throw new IOException(file + " holds " + objects.size() + " PEM objects (expected: one private key)");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        return switch (objects.getFirst()) {
            case PrivateKeyInfo info -> converter.getPrivateKey(info);
            case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
            case Object other -> throw new IOException(file + " holds a " + other.getClass().getSimpleName()
                    + " (expected: an unencrypted private key, \"BEGIN PRIVATE KEY\" or \"BEGIN EC PRIVATE KEY\")");
        };
    }

    private static List<Object> readObjects(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a readable PEM file: " + e.getMessage(), e);
        }
        return objects;
    }

    /**
     * Writes {@code text} to {@code file} with mode 0600: through a temporary file created owner-only, so the key
     * is never readable by others, not even for a moment, and a reader never sees half a file.
     */
    public static void writeOwnerOnly(Path file, String text) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_FILE));
        try {
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creates {@code directory} (and its parents) when missing; a directory this creates is mode 0700. */
    public static void createOwnerOnlyDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        // The umask may have narrowed the mode at creation; set it exactly.
        Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
    }
}
