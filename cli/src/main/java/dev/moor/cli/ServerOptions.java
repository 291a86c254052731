package dev.moor.cli;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Which Moor server a command talks to: the local one (its Unix socket), or a remote one over mutual TLS. */
final class ServerOptions {
    @Option(names = "--server", paramLabel = "URL", description = {
            "A remote Moor server, e.g. https://moor.example.com:7443 (default: $MOOR_SERVER, else the local one).",
            "It needs a client bundle: moor server issue-client NAME writes one."})
    URI server;

    @Option(names = "--client-bundle", paramLabel = "DIR",
            description = "The client bundle for --server (default: $MOOR_CLIENT_BUNDLE, else $MOOR_HOME/client).")
    Path bundle;

    Optional<URI> server() {
        if (server != null) {
            return Optional.of(server);
        }
        String configured = System.getenv("MOOR_SERVER");
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(URI.create(configured));
    }

    Path bundle(Path home) {
        if (bundle != null) {
            return bundle;
        }
        String configured = System.getenv("MOOR_CLIENT_BUNDLE");
        return configured == null || configured.isBlank() ? home.resolve("client") : Path.of(configured);
    }
}
