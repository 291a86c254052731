package dev.moor.engine.health;

import dev.moor.engine.reconciler.ReplicaHealth;

/** Told of every change of a replica's health, in order, on one thread of the {@link HealthMonitor}. */
@FunctionalInterface
public interface HealthListener {

    void onChange(String containerId, ReplicaHealth previous, ReplicaHealth current);
}
