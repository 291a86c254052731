/**
 * The channel between the server and its edges: newline-delimited JSON over a Unix socket the server listens on.
 *
 * <pre>
 * edge                                         server
 *  ── hello {protocol, edgeId, edgeVersion,
 *            servingVersion, servingDigest, token} ──▶
 *  ◀── welcome {protocol, server, ping}  or  refused {reason} (and the connection closes)
 *  ◀── snapshot {snapshot}            the latest, unless the hello's digest says the edge serves it already
 *  ── ack {version, problems} ──▶      once the edge serves it and has persisted it
 *  ◀── snapshot, ping ...             every ping interval; an edge that hears nothing for three connects again
 *  ── drained {endpointIds} ──▶       endpoints that left the snapshot and have no request in flight
 * </pre>
 *
 * Each message is one line: a JSON object whose {@code type} names it ({@link dev.moor.snapshot.channel.MessageCodec}).
 * Both sides ignore a type or a field they do not know, so either may add some without a new protocol number; the
 * hello's protocol number changes only when an existing message changes meaning, and the server refuses one it does
 * not speak. A line that is not a message ends the connection, with its number in the error.
 */
package dev.moor.snapshot.channel;
