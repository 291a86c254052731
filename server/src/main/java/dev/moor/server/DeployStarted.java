package dev.moor.server;

import dev.moor.engine.deploy.Deployment;

import java.util.Optional;

/**
 * What {@link MoorServer#deploy} did.
 *
 * @param app        the app
 * @param revision   the revision the app moves to (or keeps, when the file did not change)
 * @param deployment the deploy that started, or empty when the app runs that revision already
 * @param firstEvent the id of the first event the deploy may have written: progress is every event after it
 */
public record DeployStarted(String app, long revision, Optional<Deployment> deployment, long firstEvent) {}
