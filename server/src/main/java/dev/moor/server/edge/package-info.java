/**
 * The server's end of the channel to its edges ({@link dev.moor.server.edge.EdgeChannel}): it publishes snapshots
 * to every connected edge, learns which of them serve which version, and hears which endpoints drained.
 */
package dev.moor.server.edge;
