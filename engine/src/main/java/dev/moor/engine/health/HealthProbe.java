package dev.moor.engine.health;

/**
 * One active check of a replica. A probe never throws: every way it can fail is a failed {@link ProbeResult},
 * and it returns within its timeout.
 */
public sealed interface HealthProbe permits HttpProbe, TcpProbe, CommandProbe {

    ProbeResult probe();
}
