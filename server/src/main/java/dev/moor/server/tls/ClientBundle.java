package dev.moor.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * What a remote client needs to call a Moor server over mutual TLS: the CA that issued the server's certificate,
 * the client's certificate and its key. On disk it is a directory of three PEM files, each mode 0600:
 * {@value #CA_FILE}, {@value #CERTIFICATE_FILE} and {@value #KEY_FILE}; curl reads them as they are
 * ({@code --cacert ca.pem --cert client.pem --key client-key.pem}).
 */
public record ClientBundle(X509Certificate ca, X509Certificate certificate, PrivateKey key) {

    public static final String CA_FILE = "ca.pem";
    public static final String CERTIFICATE_FILE = "client.pem";
    public static final String KEY_FILE = "client-key.pem";

    public ClientBundle {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }

    /** Reads the bundle that {@link #writeTo(Path)} wrote to {@code directory}. */
    public static ClientBundle read(Path directory) {
        Path caFile = directory.resolve(CA_FILE);
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        try {
            List<X509Certificate> cas = Pem.readCertificates(caFile);
            List<X509Certificate> certificates = Pem.readCertificates(certificateFile);
            PrivateKey key = Pem.readPrivateKey(keyFile);
            if (cas.size() != 1) {
                throw new IOException(caFile + " holds " + cas.size() + " certificates (expected: one, Moor's CA)");
            }
            return new ClientBundle(cas.getFirst(), certificates.getFirst(), key);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("the client bundle in " + directory + " lacks " + e.getFile()
                    + " (expected: " + CA_FILE + ", " + CERTIFICATE_FILE + " and " + KEY_FILE
                    + ", as 'moor server issue-client NAME' writes them)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the client bundle in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Writes the three files to {@code directory}, creating it (mode 0700) when missing; returns it. */
    public Path writeTo(Path directory) {
        try {
            Pem.createOwnerOnlyDirectory(directory);
            Pem.writeOwnerOnly(directory.resolve(CA_FILE), Pem.certificates(List.of(ca)));
            Pem.writeOwnerOnly(directory.resolve(CERTIFICATE_FILE), Pem.certificates(List.of(certificate)));
            Pem.writeOwnerOnly(directory.resolve(KEY_FILE), Pem.privateKey(key));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the client bundle to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The client's name: its certificate's common name, which the server records as who called. */
    public String name() {
        return Certificates.commonName(certificate);
    }

    /** Presents the client certificate and trusts only servers whose certificate {@link #ca()} issued. */
    public SSLContext sslContext() {
        return TlsContexts.context(key, List.of(certificate, ca), ca);
    }

    @Override
    public String toString() {
        return "ClientBundle[" + name() + ", until " + certificate.getNotAfter() + "]";
    }
}
