/**
 * The edge as a process of its own: {@link dev.moor.edge.agent.EdgeProcess} runs the gateway in its container, and
 * {@link dev.moor.edge.agent.EdgeAgent} feeds it the snapshots the server sends over the channel, persisting each so
 * that a restarted edge serves at once, whether the server is there or not.
 */
package dev.moor.edge.agent;
