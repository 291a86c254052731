package dev.moor.edge.cache;

/** One header field line of a stored response, as received (ISO-8859-1 characters). */
public record Header(String name, String value) {}
