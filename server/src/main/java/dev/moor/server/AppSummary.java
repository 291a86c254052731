package dev.moor.server;

/**
 * One line of {@code moor apps}.
 *
 * @param app      the app
 * @param revision the revision it keeps (the one being deployed while a deploy runs)
 * @param current  the revision it last ran completely
 * @param deploying whether a deploy is in progress
 * @param desired  replicas its services should have, all together
 * @param healthy  healthy replicas, all together
 * @param port     its public port, 0 when it has no routes
 */
public record AppSummary(String app, long revision, long current, boolean deploying, int desired, int healthy, int port) {}
