package dev.moor.docker;

import dev.moor.engine.runtime.ContainerRuntimeException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerEndpointTest {

    @Test
    void defaultsToTheLocalSocket() {
        assertThat(DockerEndpoint.fromEnvironment(Map.of()))
                .isEqualTo(new DockerEndpoint(URI.create("unix:///var/run/docker.sock"), Optional.empty()));
        assertThat(DockerEndpoint.fromEnvironment(Map.of("DOCKER_HOST", " ")).host())
                .isEqualTo(URI.create("unix:///var/run/docker.sock"));
    }

    @Test
    void readsDockerHostAndAddsTheCliDefaultPort() {
        assertThat(DockerEndpoint.fromEnvironment(Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")).host())
                .isEqualTo(URI.create("unix:///run/user/1000/docker.sock"));
        assertThat(DockerEndpoint.fromEnvironment(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375")).host())
                .isEqualTo(URI.create("tcp://10.0.0.5:2375"));
        assertThat(DockerEndpoint.fromEnvironment(Map.of("DOCKER_HOST", "tcp://docker.internal")).host())
                .isEqualTo(URI.create("tcp://docker.internal:2375"));
    }

    @Test
    void verifiesTlsWithTheCertificatesOfDockerCertPathOrHome() {
        assertThat(DockerEndpoint.fromEnvironment(Map.of("DOCKER_HOST", "tcp://docker.internal",
                "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/etc/moor/certs")))
                .isEqualTo(new DockerEndpoint(URI.create("tcp://docker.internal:2376"), Optional.of(Path.of("/etc/moor/certs"))));
        assertThat(DockerEndpoint.fromEnvironment(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2376",
                "DOCKER_TLS_VERIFY", "1", "HOME", "/home/ops")).tlsCerts())
                .contains(Path.of("/home/ops/.docker"));
        assertThat(DockerEndpoint.of("tcp://10.0.0.6:2376", Map.of("DOCKER_TLS_VERIFY", "1", "HOME", "/root")))
                .isEqualTo(new DockerEndpoint(URI.create("tcp://10.0.0.6:2376"), Optional.of(Path.of("/root/.docker"))));
    }

    @Test
    void refusesHostsItCannotReach() {
        assertThatThrownBy(() -> DockerEndpoint.fromEnvironment(Map.of("DOCKER_HOST", "ssh://ops@docker")))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessage("Docker host: ssh://ops@docker (expected unix:///path/to/docker.sock or tcp://host:port)");
        assertThatThrownBy(() -> DockerEndpoint.fromEnvironment(Map.of("DOCKER_HOST", "tcp://")))
                .hasMessageStartingWith("Docker host: tcp://");
        assertThatThrownBy(() -> DockerEndpoint.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "1")))
                .hasMessage("DOCKER_TLS_VERIFY is set but DOCKER_HOST unix:///var/run/docker.sock is not a tcp:// address");
    }
}
