package dev.moor.engine.replica;

import java.util.Map;

/**
 * The labels every container, network and volume Moor creates carries. They are the source of truth for
 * what runs: after a restart Moor rebuilds its view of the world from them alone.
 */
public final class Labels {
    public static final String APP = "moor.app";
    public static final String SERVICE = "moor.service";
    public static final String REVISION = "moor.revision";
    public static final String REPLICA = "moor.replica";
    /** Hash of everything the replica was created from; another hash means the replica is outdated. */
    public static final String CONFIG = "moor.config";
    /** The installation of Moor (its state directory) that owns the object. */
    public static final String OWNER = "moor.owner";

    private Labels() {}

    /** The labels that select everything of one app of one installation. */
    public static Map<String, String> ofApp(String ownerId, String app) {
        return Map.of(OWNER, ownerId, APP, app);
    }

    /** The labels that select everything of one installation. */
    public static Map<String, String> ofOwner(String ownerId) {
        return Map.of(OWNER, ownerId);
    }
}
