package dev.moor.engine.store;

import java.time.Instant;

/**
 * Something that happened to an app, kept in the store and shown by {@code moor events}.
 *
 * @param id        increasing id (0 before it is stored)
 * @param app       the app
 * @param at        when
 * @param kind      what, as a dotted word: {@code replica.started}, {@code replica.failed}, ...
 * @param service   the service, or empty
 * @param replica   the replica slot, or -1
 * @param container the short container id, or empty
 * @param message   a sentence for people
 */
public record StoredEvent(long id, String app, Instant at, String kind, String service, int replica, String container,
                          String message) {}
