package dev.moor.engine.health;

import dev.moor.spec.HealthSpec;
import dev.moor.spec.ServiceSpec;

import java.util.Optional;

/** Which probe a service's replicas get. */
public final class HealthSpecs {

    private HealthSpecs() {}

    /**
     * The service's own health spec; else, for a service with a port, a TCP probe of that port with the default
     * timings; else nothing, and its replicas count as healthy once they run.
     */
    public static Optional<HealthSpec> effective(ServiceSpec service) {
        if (service.health().isPresent()) return service.health();
        if (service.port().isEmpty()) return Optional.empty();
        return Optional.of(new HealthSpec(new HealthSpec.Check.Tcp(), HealthSpec.DEFAULT_INTERVAL,
                HealthSpec.DEFAULT_TIMEOUT, HealthSpec.DEFAULT_HEALTHY_THRESHOLD,
                HealthSpec.DEFAULT_UNHEALTHY_THRESHOLD, HealthSpec.DEFAULT_START_GRACE));
    }
}
