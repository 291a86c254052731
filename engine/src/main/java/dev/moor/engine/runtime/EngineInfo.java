package dev.moor.engine.runtime;

/**
 * @param version    the engine version, e.g. {@code 20.10.24}
 * @param apiVersion the API version in use, e.g. {@code 1.41}
 * @param endpoint   where the engine was reached, e.g. {@code unix:///var/run/docker.sock}
 * @param liveRestore whether the engine keeps containers running while it restarts ({@code live-restore})
 */
public record EngineInfo(String version, String apiVersion, String endpoint, boolean liveRestore) {}
