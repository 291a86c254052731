package dev.moor.engine.health;

import dev.moor.spec.HealthSpec;
import dev.moor.spec.ResourcesSpec;
import dev.moor.spec.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HealthSpecsTest {

    private static ServiceSpec service(Optional<Integer> port, Optional<HealthSpec> health) {
        return new ServiceSpec("web", Optional.of("web:dev"), Optional.empty(), 1, port, "127.0.0.1", List.of(),
                Map.of(), List.of(), List.of(), ResourcesSpec.defaults(), List.of(), health, Duration.ofSeconds(10));
    }

    @Test
    void the_service_own_health_spec_wins() {
        HealthSpec own = new HealthSpec(new HealthSpec.Check.Http("/healthz"), Duration.ofSeconds(5),
                Duration.ofSeconds(2), 2, 4, Duration.ofSeconds(60));

        assertThat(HealthSpecs.effective(service(Optional.of(8080), Optional.of(own)))).contains(own);
        assertThat(HealthSpecs.effective(service(Optional.empty(), Optional.of(own)))).contains(own);
    }

    @Test
    void a_port_without_health_gets_a_tcp_probe_with_the_defaults() {
        assertThat(HealthSpecs.effective(service(Optional.of(8080), Optional.empty()))).contains(
                new HealthSpec(new HealthSpec.Check.Tcp(), HealthSpec.DEFAULT_INTERVAL, HealthSpec.DEFAULT_TIMEOUT,
                        HealthSpec.DEFAULT_HEALTHY_THRESHOLD, HealthSpec.DEFAULT_UNHEALTHY_THRESHOLD,
                        HealthSpec.DEFAULT_START_GRACE));
    }

    @Test
    void no_port_and_no_health_means_no_probe() {
        assertThat(HealthSpecs.effective(service(Optional.empty(), Optional.empty()))).isEmpty();
    }
}
