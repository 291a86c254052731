package dev.moor.docker;

import dev.moor.engine.runtime.ContainerRuntimeException;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a Docker engine listens and how to reach it, read the way the docker CLI reads its environment.
 *
 * @param host      {@code unix:///path} or {@code tcp://host:port}
 * @param tlsCerts  the directory with {@code ca.pem}, {@code cert.pem} and {@code key.pem} when TLS is verified
 */
record DockerEndpoint(URI host, Optional<Path> tlsCerts) {

    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** Reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH; the CLI's defaults apply when they are unset. */
    static DockerEndpoint fromEnvironment(Map<String, String> env) {
        String host = env.getOrDefault("DOCKER_HOST", "");
        return of(host.isBlank() ? DEFAULT_HOST : host, env);
    }

    /** {@code host} with the TLS settings of the environment, like {@code docker -H host}. */
    static DockerEndpoint of(String host, Map<String, String> env) {
        // The docker CLI turns TLS verification on for any non-empty DOCKER_TLS_VERIFY, even "0".
        boolean verify = !env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty();
        URI uri = parseHost(host.strip(), verify ? 2376 : 2375);
        if (!verify) {
            return new DockerEndpoint(uri, Optional.empty());
        }
        if (!uri.getScheme().equals("tcp")) {
            throw new ContainerRuntimeException(
                    "DOCKER_TLS_VERIFY is set but DOCKER_HOST " + host + " is not a tcp:// address");
        }
        String certPath = env.getOrDefault("DOCKER_CERT_PATH", "");
        Path certs = certPath.isBlank()
                ? Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker")
                : Path.of(certPath);
        return new DockerEndpoint(uri, Optional.of(certs));
    }

    private static URI parseHost(String host, int defaultPort) {
        URI uri;
        try {
            uri = URI.create(host);
        } catch (IllegalArgumentException e) {
            throw invalidHost(host);
        }
        String scheme = uri.getScheme();
        if ("unix".equals(scheme) && uri.getPath() != null && !uri.getPath().isEmpty()) {
            return uri;
        }
        if ("tcp".equals(scheme) && uri.getHost() != null) {
            return uri.getPort() > 0 ? uri : URI.create("tcp://" + uri.getHost() + ":" + defaultPort);
        }
        throw invalidHost(host);
    }

    private static ContainerRuntimeException invalidHost(String host) {
        return new ContainerRuntimeException(
                "Docker host: " + host + " (expected unix:///path/to/docker.sock or tcp://host:port)");
    }

    @Override
    public String toString() {
        return host.toString();
    }
}
