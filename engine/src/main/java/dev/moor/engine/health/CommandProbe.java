package dev.moor.engine.health;

import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.runtime.ExecResult;

import java.time.Duration;
import java.util.List;

/** A command run inside the container: exit code 0 within the timeout passes. */
record CommandProbe(ContainerRuntime runtime, String containerId, List<String> argv, Duration timeout)
        implements HealthProbe {

    CommandProbe {
        argv = List.copyOf(argv);
    }

    @Override
    public ProbeResult probe() {
        String command = "exec " + String.join(" ", argv);
        try {
            ExecResult result = runtime.exec(containerId, argv, timeout);
            String detail = command + ": exit code " + result.exitCode()
                    + (result.output().isBlank() ? "" : ": " + result.output().strip());
            return result.exitCode() == 0 ? ProbeResult.passed(detail) : ProbeResult.failed(detail);
        } catch (ContainerRuntimeException e) {
            return ProbeResult.failed(command + ": " + e.getMessage());
        }
    }
}
