package dev.moor.edge.waf;

/** Receives each value extracted from a request; returns true to stop the extraction. */
@FunctionalInterface
interface ValueSink {
    /**
     * @param value the value, decoded as the application will see it (percent-decoding of query and form fields,
     *              JSON string escapes)
     * @param kind  where it came from: path, query, query-name, cookie, cookie-name, header, body…
     * @param name  the parameter, cookie, header or field name, or a JSON path; its {@code toString} is called
     *              only for a finding
     */
    boolean value(String value, String kind, Object name);
}
