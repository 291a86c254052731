/**
 * The edge's filter pipeline: what may act on a request before its upstream is chosen, and on a proxied response's
 * head and body on their way to the client. A route's filters are built once, when its snapshot is compiled, and
 * are shared by every request of the route; what a filter keeps for one response lives in the {@link
 * dev.moor.edge.filter.BodyFilter} it returns for that response.
 *
 * <p>Order: request filters run in the order of the route's list, the first answer wins and the rest do not run;
 * response filters run in the opposite order (the filter listed first sees the head last and transforms the body
 * last, as the outermost decorator does), so a filter listed first sees what those after it made of the response.
 * A route without filters takes none of these paths: its heads and bodies pass through as the bytes they arrived
 * in.
 *
 * <p>Every call comes on the event loop of the request's client connection: a filter must not block, and what it
 * shares across requests must be safe for several event loops at once.
 */
package dev.moor.edge.filter;
