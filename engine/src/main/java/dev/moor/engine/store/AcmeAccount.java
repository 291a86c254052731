package dev.moor.engine.store;

import java.time.Instant;
import java.util.Optional;

/**
 * This installation's account at one ACME directory.
 *
 * @param directory the directory URL, which tells one CA (or one CA's staging) from another
 * @param keyPem    the account's private key (PKCS#8 PEM): a secret, sealed in the store
 * @param location  the account's URL at the CA, once it registered
 * @param createdAt when the key was made
 */
public record AcmeAccount(String directory, String keyPem, Optional<String> location, Instant createdAt) {

    public AcmeAccount withLocation(String location) {
        return new AcmeAccount(directory, keyPem, Optional.of(location), createdAt);
    }

    @Override
    public String toString() {
        return "AcmeAccount[directory=" + directory + ", location=" + location.orElse("(not registered)")
                + ", createdAt=" + createdAt + ", key=(secret)]";
    }
}
