package dev.moor.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an app's {@code edge.https}: its HTTPS hosts, where their certificate comes from, the redirect from plain
 * HTTP and HSTS. The port is the server's ({@code edge.https} of {@code server.yaml}).
 */
final class HttpsSpecReader {
    static final List<String> KEYS = List.of("hosts", "certificate", "redirect", "hsts");
    static final List<String> FILES_KEYS = List.of("chain", "key");
    private static final String HOST = "a host name like www.example.com, or *.example.com for every host under a domain";
    private static final String CERTIFICATE = CertificateSpec.Development.NAME
            + " (a certificate of the server's development CA), " + CertificateSpec.Acme.NAME
            + " (a certificate from the ACME CA of the server's edge.acme), or {chain: PATH, key: PATH} (PEM files)";
    private static final String HSTS = "a max-age like 365d, or off";

    private final Problems problems;
    private final ValueReader values;
    private final Path baseDirectory;
    private final FileAccess access;

    HttpsSpecReader(Problems problems, ValueReader values, Path baseDirectory, FileAccess access) {
        this.problems = problems;
        this.values = values;
        this.baseDirectory = baseDirectory;
        this.access = access;
    }

    /**
     * @param routes the app's routes, when every one of them was read: each host must be served by one
     */
    Optional<HttpsSpec> read(YamlNode node, String path, Optional<List<RouteSpec>> routes) {
        return MappingReader.open(node, path, node.position(), KEYS, "a map with hosts, certificate, redirect and hsts"
                        + " (the HTTPS port is the server's: edge.https in " + ServerSpecLoader.FILE_NAME + ")", problems)
                .flatMap(https -> read(https, routes));
    }

    private Optional<HttpsSpec> read(MappingReader https, Optional<List<RouteSpec>> routes) {
        Optional<List<String>> hosts = https.require("hosts", "a list of the hosts served over HTTPS, each " + HOST)
                .flatMap(node -> hosts(node, https.path("hosts"), routes));
        Optional<CertificateSpec> certificate = https.get("certificate")
                .map(node -> certificate(node, https.path("certificate")))
                .orElse(Optional.of(new CertificateSpec.Development()));
        boolean redirect = https.get("redirect").flatMap(node -> values.bool(node, https.path("redirect")))
                .orElse(HttpsSpec.DEFAULT_REDIRECT);
        Optional<Optional<Duration>> hsts = https.get("hsts").map(node -> hsts(node, https.path("hsts")))
                .orElse(Optional.of(Optional.empty()));
        if (hosts.isEmpty() || certificate.isEmpty() || hsts.isEmpty()) {
            return Optional.empty();
        }
        if (certificate.get() instanceof CertificateSpec.Acme && !exactHostsOnly(https, hosts.get())) {
            return Optional.empty();
        }
        return Optional.of(new HttpsSpec(hosts.get(), certificate.get(), redirect, hsts.get()));
    }

    private Optional<List<String>> hosts(YamlNode node, String path, Optional<List<RouteSpec>> routes) {
        if (!(node instanceof YamlNode.Sequence sequence) || sequence.items().isEmpty()) {
            problems.invalid(node, path, "a list of at least one host, each " + HOST);
            return Optional.empty();
        }
        List<String> hosts = new ArrayList<>();
        Map<String, String> listedAt = new HashMap<>();
        boolean valid = true;
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode item = sequence.items().get(i);
            String itemPath = KeyPath.index(path, i);
            Optional<String> host = values.matching(item, itemPath, Names.HOST, HOST)
                    .map(text -> text.toLowerCase(Locale.ROOT));
            if (host.isEmpty()) {
                valid = false;
                continue;
            }
            String earlier = listedAt.putIfAbsent(host.get(), itemPath);
            if (earlier != null) {
                problems.invalid(item, itemPath, "a host not listed already (" + earlier + " lists " + host.get() + ")");
                valid = false;
            } else if (routes.isPresent() && routes.get().stream()
                    .noneMatch(route -> HostPatterns.intersection(route.host(), host.get()).isPresent())) {
                problems.invalid(item, itemPath, "a host that a route serves (no route's host matches "
                        + host.get() + ")");
                valid = false;
            } else {
                hosts.add(host.get());
            }
        }
        return valid ? Optional.of(hosts) : Optional.empty();
    }

    /** Whether every host is an exact name, as ACME's HTTP-01 and TLS-ALPN-01 challenges need; reports the others. */
    private boolean exactHostsOnly(MappingReader https, List<String> hosts) {
        YamlNode.Sequence listed = (YamlNode.Sequence) https.get("hosts").orElseThrow();
        boolean exact = true;
        for (int i = 0; i < hosts.size(); i++) {
            if (hosts.get(i).startsWith("*.")) {
                problems.invalid(listed.items().get(i), KeyPath.index(https.path("hosts"), i), "an exact host name with"
                        + " certificate: acme (the CA's http-01 and tls-alpn-01 challenges cannot validate a wildcard;"
                        + " list each name, or give certificate files)");
                exact = false;
            }
        }
        return exact;
    }

    private Optional<CertificateSpec> certificate(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar) {
            if (scalar.text().equals(CertificateSpec.Development.NAME)) {
                return Optional.of(new CertificateSpec.Development());
            }
            if (scalar.text().equals(CertificateSpec.Acme.NAME)) {
                return Optional.of(new CertificateSpec.Acme());
            }
            problems.invalid(node, path, CERTIFICATE);
            return Optional.empty();
        }
        return MappingReader.open(node, path, node.position(), FILES_KEYS, CERTIFICATE, problems).flatMap(files -> {
            Optional<Path> chain = files.require("chain", "the PEM file of the certificate and its intermediates")
                    .flatMap(file -> existingFile(file, files.path("chain")));
            Optional<Path> key = files.require("key", "the PEM file of the certificate's private key")
                    .flatMap(file -> existingFile(file, files.path("key")));
            if (chain.isEmpty() || key.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CertificateSpec.Files(chain.get(), key.get()));
        });
    }

    private Optional<Path> existingFile(YamlNode node, String path) {
        return values.appPath(node, path, baseDirectory, access, "a PEM file, relative to " + baseDirectory)
                .flatMap(file -> {
                    if (!Files.isRegularFile(file)) {
                        problems.invalid(node, path, "an existing file; " + file + " is none");
                        return Optional.empty();
                    }
                    return Optional.of(file);
                });
    }

    /** A max-age, or off: empty when wrong (reported), else the max-age or none. */
    private Optional<Optional<Duration>> hsts(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar && (scalar.type() == YamlNode.Scalar.Type.FALSE
                || scalar.text().equals("off"))) {
            return Optional.of(Optional.empty());
        }
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.type() == YamlNode.Scalar.Type.TRUE) {
            problems.invalid(node, path, HSTS);
            return Optional.empty();
        }
        try {
            Duration maxAge = Durations.parse(scalar.text());
            if (maxAge.isPositive()) {
                return Optional.of(Optional.of(maxAge));
            }
        } catch (IllegalArgumentException e) {
            // Reported below, with what is expected.
        }
        problems.invalid(node, path, HSTS);
        return Optional.empty();
    }
}
