package dev.moor.spec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code edge.acme} of the server's {@code server.yaml}: the ACME directory apps with {@code certificate: acme}
 * get their certificates from, the account's email, the challenge, and the roots the directory's HTTPS may chain to.
 */
final class AcmeSpecReader {
    static final List<String> KEYS = List.of("directory", "email", "challenge", "trust");

    private static final String DIRECTORY = "an https:// URL of an ACME directory, like"
            + " https://acme-v02.api.letsencrypt.org/directory, or an acme:// name, like acme://letsencrypt.org";
    private static final String EMAIL = "an email address, like ops@example.com";
    private static final Pattern EMAIL_FORM = Pattern.compile("[^@\\s:,]+@[^@\\s:,]+\\.[^@\\s:,]+");
    private static final Map<String, AcmeSpec.Challenge> CHALLENGES = challenges();

    private final Problems problems;
    private final ValueReader values;
    private final Path baseDirectory;

    AcmeSpecReader(Problems problems, ValueReader values, Path baseDirectory) {
        this.problems = problems;
        this.values = values;
        this.baseDirectory = baseDirectory;
    }

    /**
     * The settings, or empty when one of them is wrong (reported).
     *
     * @param path the key path of the map, {@code edge.acme}
     */
    Optional<AcmeSpec> read(YamlNode node, String path) {
        return MappingReader.open(node, path, node.position(), KEYS, "a map with directory, email, challenge and trust",
                problems).flatMap(this::read);
    }

    private Optional<AcmeSpec> read(MappingReader acme) {
        Optional<URI> directory = acme.require("directory", DIRECTORY)
                .flatMap(node -> directory(node, acme.path("directory")));
        Optional<Optional<String>> email = acme.get("email")
                .map(node -> values.matching(node, acme.path("email"), EMAIL_FORM, EMAIL).map(Optional::of))
                .orElse(Optional.of(Optional.empty()));
        Optional<AcmeSpec.Challenge> challenge = acme.get("challenge")
                .map(node -> values.oneOf(CHALLENGES, node, acme.path("challenge")))
                .orElse(Optional.of(AcmeSpec.Challenge.HTTP_01));
        Optional<Optional<Path>> trust = acme.get("trust")
                .map(node -> trust(node, acme.path("trust"), directory).map(Optional::of))
                .orElse(Optional.of(Optional.empty()));
        if (directory.isEmpty() || email.isEmpty() || challenge.isEmpty() || trust.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AcmeSpec(directory.get(), email.get(), challenge.get(), trust.get()));
    }

    private Optional<URI> directory(YamlNode node, String path) {
        return values.string(node, path, DIRECTORY).flatMap(text -> {
            try {
                URI uri = new URI(text);
                if (("https".equals(uri.getScheme()) || "acme".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException e) {
                // Reported below, with what is expected.
            }
            problems.invalid(node, path, DIRECTORY);
            return Optional.empty();
        });
    }

    /** A readable PEM file of at least one certificate, for an https:// directory. */
    private Optional<Path> trust(YamlNode node, String path, Optional<URI> directory) {
        String expected = "a PEM file of the certificate authorities the directory's HTTPS certificate chains to,"
                + " relative to " + baseDirectory;
        if (directory.isPresent() && !"https".equals(directory.get().getScheme())) {
            problems.invalid(node, path, "no trust with an acme:// directory, which brings its own (trust is for an"
                    + " https:// directory of a CA of one's own, or a test CA such as pebble)");
            return Optional.empty();
        }
        return values.hostPath(node, path, baseDirectory, expected).flatMap(file -> {
            try (InputStream in = Files.newInputStream(file)) {
                if (!CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                    return Optional.of(file);
                }
            } catch (IOException e) {
                problems.invalid(node, path, "a readable PEM file of certificates; " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + ")");
                return Optional.empty();
            } catch (CertificateException e) {
                // Not PEM certificates: reported below.
            }
            problems.invalid(node, path, "a PEM file of certificates; " + file + " holds none");
            return Optional.empty();
        });
    }

    private static Map<String, AcmeSpec.Challenge> challenges() {
        Map<String, AcmeSpec.Challenge> byText = new LinkedHashMap<>();
        for (AcmeSpec.Challenge challenge : AcmeSpec.Challenge.values()) {
            byText.put(challenge.text(), challenge);
        }
        return byText;
    }
}
