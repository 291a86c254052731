package dev.moor.engine.reconciler;

/** One replica position of a service: replica {@code slot} of {@code service}. */
public record SlotKey(String service, int slot) {}
