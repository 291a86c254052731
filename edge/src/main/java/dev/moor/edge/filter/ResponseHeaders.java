package dev.moor.edge.filter;

/**
 * The head of a proxied response on its way to the client, as a response filter sees and edits it. Names are
 * matched without regard to case. The framing (Content-Length, chunked) is the edge's: a filter that changes the
 * body's length removes Content-Length, and the edge frames the body for the client's protocol.
 */
public interface ResponseHeaders {
    int status();

    /**
     * Replaces the whole response: this status and these lines in place of the upstream's (a cache answering a 304
     * or an error with what it stored). The body goes on as the body filters make it: one that replaces the body
     * too drops the upstream's pieces and sends its own.
     */
    void replace(int status, java.util.List<dev.moor.edge.filter.LocalAnswer.Header> headers);

    /** The first value of the header {@code name}, or null when the head has none. */
    String get(CharSequence name);

    /** Every value of the header {@code name}, in order; empty when the head has none. */
    java.util.List<String> getAll(CharSequence name);

    boolean contains(CharSequence name);

    /** Each line, in order, as name and value. */
    void forEach(java.util.function.BiConsumer<String, String> line);

    /** Removes every line of the header {@code name}. */
    void remove(CharSequence name);

    /** Adds a line {@code name: value} after the others. */
    void add(CharSequence name, CharSequence value);

    /** Replaces every line of the header {@code name} with one line. */
    default void set(CharSequence name, CharSequence value) {
        remove(name);
        add(name, value);
    }
}
