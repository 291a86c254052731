package dev.moor.engine.reconciler;

import dev.moor.engine.runtime.ContainerState;

/**
 * One container of the app as last observed.
 *
 * @param containerId the container id
 * @param service     its {@code moor.service} label
 * @param slot        its {@code moor.replica} label: which of the service's replicas it is (0-based)
 * @param configHash  its {@code moor.config} label
 * @param state       the engine's state of the container
 * @param health      the health verdict of the probes (meaningful while the container is alive)
 */
public record ObservedReplica(String containerId, String service, int slot, String configHash,
                              ContainerState state, ReplicaHealth health) {}
