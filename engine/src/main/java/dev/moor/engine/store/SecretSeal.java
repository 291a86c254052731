package dev.moor.engine.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the secrets the store keeps (private keys) with AES-256-GCM under a key of its own, kept beside the
 * database in a file of mode 0600: a copy of the database alone (a backup, a file attached to a bug report) gives
 * away no private key. Each sealed value is bound to where it is stored (its context), so a sealed key moved to
 * another row does not open. The key file is made on the first secret, by whichever process of the installation
 * gets there first.
 */
final class SecretSeal {
    private static final String PREFIX = "aes-gcm:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keyFile;
    private SecretKey key;

    SecretSeal(Path keyFile) {
        this.keyFile = keyFile;
    }

    Path keyFile() {
        return keyFile;
    }

    synchronized String seal(String secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(true), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot seal a secret for " + context + ": " + e.getMessage(), e);
        }
    }

    synchronized String open(String sealed, String context) {
        if (!sealed.startsWith(PREFIX)) {
            throw new StoreException("the secret of " + context + " is not sealed (expected: " + PREFIX + "...)", null);
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new StoreException("the sealed secret of " + context + " is not base64", e);
        }
        if (in.length <= NONCE_BYTES) {
            throw new StoreException("the sealed secret of " + context + " is truncated (" + in.length + " bytes)", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(false), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot open the secret of " + context + " with " + keyFile
                    + " (is it the key file this store's secrets were sealed with?): " + e.getMessage(), e);
        }
    }

    private SecretKey key(boolean create) {
        if (key == null) {
            key = new SecretKeySpec(read(create), "AES");
        }
        return key;
    }

    private byte[] read(boolean create) {
        try {
            if (!Files.exists(keyFile)) {
                if (!create) {
                    throw new StoreException("the store holds sealed secrets but their key file " + keyFile
                            + " is missing", null);
                }
                createKeyFile();
            }
            byte[] bytes = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
            if (bytes.length != KEY_BYTES) {
                throw new StoreException(keyFile + ": a key of " + bytes.length + " bytes (expected: " + KEY_BYTES + ")",
                        null);
            }
            return bytes;
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("cannot read the store's key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** Written to a temporary file and linked into place, so two processes never both make one, nor see half. */
    private void createKeyFile() throws IOException {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        Path directory = keyFile.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + keyFile.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(keyFile, temporary);
            } catch (FileAlreadyExistsException e) {
                // Another process of this installation made it first; both use that one.
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
