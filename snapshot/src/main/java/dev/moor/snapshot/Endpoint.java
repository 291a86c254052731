package dev.moor.snapshot;

import java.net.InetSocketAddress;

/**
 * An address the edge can send requests to: a replica's published port or an external server.
 *
 * @param id      identifies it across snapshots (a container name, or {@code host:port} of an external server);
 *                the edge keeps its connections, counters and ejection state by this id
 * @param address where to connect
 */
public record Endpoint(String id, InetSocketAddress address) {}
