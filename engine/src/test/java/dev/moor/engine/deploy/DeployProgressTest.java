package dev.moor.engine.deploy;

import dev.moor.engine.reconciler.Desired;
import dev.moor.engine.reconciler.DesiredService;
import dev.moor.engine.reconciler.ObservedReplica;
import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.engine.runtime.ContainerState;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeployProgressTest {
    private static final Desired DESIRED = new Desired("shop", 2, Map.of(
            "web", new DesiredService("web", 2, "new", 1, 0),
            "api", new DesiredService("api", 1, "api-new", 1, 0)));

    private static ObservedReplica replica(String id, String service, int slot, String hash, ContainerState state,
                                           ReplicaHealth health) {
        return new ObservedReplica(id, service, slot, hash, state, health);
    }

    @Test
    void completeOnlyWhenEverySlotHasAHealthyNewReplicaAndNoOldOneServes() {
        List<ObservedReplica> rolling = List.of(
                replica("a", "web", 0, "new", ContainerState.RUNNING, ReplicaHealth.HEALTHY),
                replica("b", "web", 1, "old", ContainerState.RUNNING, ReplicaHealth.HEALTHY),
                replica("c", "web", 1, "new", ContainerState.RUNNING, ReplicaHealth.STARTING),
                replica("d", "api", 0, "api-new", ContainerState.RUNNING, ReplicaHealth.HEALTHY));

        DeployProgress progress = DeployProgress.of(DESIRED, rolling);

        assertThat(progress.complete()).isFalse();
        assertThat(progress.render()).isEqualTo("api 1/1 healthy; web 1/2 healthy, 1 old");
    }

    @Test
    void anOldReplicaBeingStoppedNoLongerCounts() {
        List<ObservedReplica> done = List.of(
                replica("a", "web", 0, "new", ContainerState.RUNNING, ReplicaHealth.HEALTHY),
                replica("b", "web", 1, "old", ContainerState.RUNNING, ReplicaHealth.STOPPING),
                replica("c", "web", 1, "new", ContainerState.RUNNING, ReplicaHealth.HEALTHY),
                replica("d", "api", 0, "api-new", ContainerState.RUNNING, ReplicaHealth.HEALTHY));

        assertThat(DeployProgress.of(DESIRED, done).complete()).isTrue();
    }

    @Test
    void twoHealthyReplicasInOneSlotCountOnceAndSurplusSlotsNotAtAll() {
        List<ObservedReplica> crowded = List.of(
                replica("a", "web", 0, "new", ContainerState.RUNNING, ReplicaHealth.HEALTHY),
                replica("b", "web", 0, "new", ContainerState.RUNNING, ReplicaHealth.HEALTHY),
                replica("c", "web", 5, "new", ContainerState.RUNNING, ReplicaHealth.HEALTHY),
                replica("d", "api", 0, "api-new", ContainerState.EXITED, ReplicaHealth.HEALTHY));

        DeployProgress progress = DeployProgress.of(DESIRED, crowded);

        assertThat(progress.render()).isEqualTo("api 0/1 healthy; web 1/2 healthy");
        assertThat(progress.complete()).isFalse();
    }
}
