package dev.moor.engine.deploy;

import java.time.Instant;

/**
 * A service's canary as {@code moor status} and {@code moor deploy --watch} show it.
 *
 * @param service the service
 * @param step    the step it holds (0 is the first; -1 while the new set starts; {@code steps} once done)
 * @param steps   how many steps it has
 * @param weight  the share of the service's requests its new set gets now
 * @param since   when it reached that step
 * @param note    what it waits for, or what the last analysis said
 */
public record CanaryState(String service, int step, int steps, int weight, Instant since, String note) {}
