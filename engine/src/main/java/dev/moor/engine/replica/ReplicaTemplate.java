package dev.moor.engine.replica;

import dev.moor.engine.image.PreparedImage;
import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.engine.runtime.FileToCopy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a replica of one service is created from, for one revision: the container request without
 * the per-replica name and labels, the secret files to write into it, and the hash of all of that.
 *
 * @param service     the service name
 * @param revision    the revision this template belongs to (a label, not part of the hash)
 * @param image       the image, whose id the base request names
 * @param base        the container request shared by all replicas
 * @param secretFiles files written under /run/secrets before the replica starts
 * @param configHash  identifies the template's content; replicas with another hash are outdated
 */
public record ReplicaTemplate(String service, long revision, PreparedImage image, ContainerRequest base,
                              List<FileToCopy> secretFiles, String configHash) {

    public ReplicaTemplate {
        secretFiles = List.copyOf(secretFiles);
    }

    /** The request of replica {@code slot}, named {@code name}. */
    public ContainerRequest request(int slot, String name) {
        Map<String, String> labels = new HashMap<>(base.labels());
        labels.put(Labels.REPLICA, Integer.toString(slot));
        labels.put(Labels.CONFIG, configHash);
        labels.put(Labels.REVISION, Long.toString(revision));
        return new ContainerRequest(name, base.image(), base.command(), base.env(), labels, base.network(),
                base.networkAliases(), base.port(), base.publishIp(), base.cpus(), base.memoryBytes(),
                base.pids(), base.capabilities(), base.mounts(), base.stopGrace());
    }

    @Override
    public String toString() {
        // Never print secret contents.
        return "ReplicaTemplate[service=" + service + ", revision=" + revision + ", image=" + image.render()
                + ", configHash=" + configHash + ", secrets=" + secretFiles.size() + "]";
    }
}
