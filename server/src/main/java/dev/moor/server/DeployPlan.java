package dev.moor.server;

import dev.moor.engine.revision.RevisionChanges;

import java.util.List;
import java.util.Map;

/**
 * What a deploy of a file would do, before anything happens: {@code moor plan}.
 *
 * @param app      the app
 * @param revision the revision the app keeps now, 0 for an app the server does not run
 * @param changes  what the file changes against that revision
 * @param replicas per service of the file or of the app, what happens to its replicas
 */
public record DeployPlan(String app, long revision, RevisionChanges changes, Map<String, ReplicaMoves> replicas) {

    public DeployPlan {
        replicas = Map.copyOf(replicas);
    }

    /** Nothing would change: the file is what runs. */
    public boolean isEmpty() {
        return changes.isEmpty() && replicas.values().stream().allMatch(ReplicaMoves::isEmpty);
    }

    /**
     * @param replaced the running replicas (container names) that new ones would replace, one by one
     * @param started  how many replicas would start besides the replacements
     * @param stopped  the running replicas that would stop without replacement
     */
    public record ReplicaMoves(List<String> replaced, int started, List<String> stopped) {
        public ReplicaMoves {
            replaced = List.copyOf(replaced);
            stopped = List.copyOf(stopped);
        }

        public boolean isEmpty() {
            return replaced.isEmpty() && started == 0 && stopped.isEmpty();
        }
    }
}
