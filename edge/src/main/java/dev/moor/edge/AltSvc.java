package dev.moor.edge;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * The Alt-Svc field that advertises HTTP/3 to the clients of the HTTPS port over TCP (RFC 7838, RFC 9114 §3.1.1):
 * {@code h3=":PORT"; ma=86400}, added by the writers of HTTP/1.1 and HTTP/2 to every final response while the edge
 * serves HTTP/3 ({@link EdgeServer#altSvc()}). A response that has an Alt-Svc of its own (from the upstream, or
 * stored with it) keeps it alone; cleartext responses and HTTP/3's own get none. The writers add it rather than a
 * route's response filter, since it belongs to the connection: a cached response, stored once, is answered over
 * every protocol, and a filter sees no cache hit.
 */
final class AltSvc {
    static final AsciiString NAME = AsciiString.cached("alt-svc");

    private AltSvc() {}

    /** The value to advertise on a connection of {@code advertiser} (null on a plain one), or null for none now. */
    static AsciiString of(EdgeServer advertiser) {
        return advertiser == null ? null : advertiser.altSvc();
    }

    /** Whether the final head of a proxied response has an Alt-Svc line of its own. */
    static boolean carried(ResponseHead response, HeadEdits edits) {
        return edits == null ? response.altSvc : edits.contains(NAME);
    }

    /** Adds the field to an answer of the edge's own, unless it has one. */
    static void add(EdgeServer advertiser, HttpHeaders headers) {
        AsciiString value = of(advertiser);
        if (value != null && !headers.contains(NAME)) {
            headers.add(NAME, value);
        }
    }
}
