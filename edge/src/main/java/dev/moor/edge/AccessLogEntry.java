package dev.moor.edge;

/**
 * One request as the access log records it; one JSON line each.
 *
 * @param timeMillis       when the request arrived (epoch millis)
 * @param client           the client address (the socket peer, or the first untrusted hop of X-Forwarded-For)
 * @param method           the request method
 * @param host             the Host header
 * @param path             the path with query, as received
 * @param protocol         {@code HTTP/1.1}, {@code HTTP/2}
 * @param status           the status sent to the client
 * @param bytesIn          request body bytes
 * @param bytesOut         response body bytes
 * @param route            the route id, or empty when none matched
 * @param upstream         the endpoint id that answered, or empty
 * @param attempts         upstream attempts (1 without retries)
 * @param durationMicros   from the request's first byte to the response's last
 * @param upstreamMicros   from the last upstream attempt's send to its response head; -1 without one
 * @param requestId        the X-Request-Id
 * @param outcome          what the route's filters made of the request (the cache's HIT, STALE, REVALIDATED or MISS),
 *                         empty when nothing
 */
public record AccessLogEntry(long timeMillis, String client, String method, String host, String path, String protocol,
                             int status, long bytesIn, long bytesOut, String route, String upstream, int attempts,
                             long durationMicros, long upstreamMicros, String requestId, String outcome) {}
