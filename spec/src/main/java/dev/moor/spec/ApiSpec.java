package dev.moor.spec;

import java.util.List;
import java.util.Optional;

/**
 * The server's remote API: {@code api} in {@code server.yaml}. The API is always served on the server's Unix socket;
 * this adds a TCP port, with mutual TLS only.
 *
 * @param listen the TCP address of the remote API; its host is empty for {@code :PORT}, every local address. No
 *               remote API when empty
 * @param names  DNS names and IP addresses to put in the server's certificate besides the ones Moor puts there
 *               itself, so clients can reach the server under them; lower case, each once
 */
public record ApiSpec(Optional<ExternalServiceSpec.HostPort> listen, List<String> names) {

    public ApiSpec {
        names = List.copyOf(names);
    }

    /** No remote API: the Unix socket only. */
    public static ApiSpec defaults() {
        return new ApiSpec(Optional.empty(), List.of());
    }
}
