package dev.moor.edge;

import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The X-Forwarded-For, -Proto, -Host, -Port and RFC 7239 Forwarded lines of a request going upstream. From a
 * trusted proxy the incoming values are kept and this hop is appended; from anyone else they are replaced, so a
 * client cannot claim another address or scheme. With CloudFront translation, a trusted peer's
 * CloudFront-Forwarded-Proto becomes the forwarded proto. The request's own forwarding headers are not copied:
 * these lines stand for them.
 */
final class ForwardingHeaders {
    private ForwardingHeaders() {}

    /** The header lines (each ending in CRLF) for a request from a peer that is not a trusted proxy. */
    static byte[] untrusted(Peer peer, String host) {
        StringBuilder lines = new StringBuilder(160);
        line(lines, "x-forwarded-for", peer.text);
        line(lines, "x-forwarded-proto", peer.scheme);
        if (host != null) {
            line(lines, "x-forwarded-host", host);
        }
        line(lines, "x-forwarded-port", peer.localPort);
        line(lines, "forwarded", element(peer, peer.scheme, host));
        return lines.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The header lines for a request from a trusted proxy: its values, with this hop appended where they chain. */
    static byte[] trusted(HttpHeaders headers, Peer peer, String host, boolean translateCloudFront) {
        StringBuilder lines = new StringBuilder(256);
        String proto = peer.scheme;
        String cloudFront = translateCloudFront ? headers.get(HeaderNames.CLOUDFRONT_FORWARDED_PROTO) : null;
        List<String> chain = headers.getAll(HeaderNames.X_FORWARDED_FOR);
        line(lines, "x-forwarded-for", chain.isEmpty() ? peer.text : String.join(", ", chain) + ", " + peer.text);
        if (cloudFront != null && (cloudFront.equalsIgnoreCase("https") || cloudFront.equalsIgnoreCase("http"))) {
            proto = cloudFront.toLowerCase(Locale.ROOT);
            line(lines, "x-forwarded-proto", proto);
        } else {
            line(lines, "x-forwarded-proto", joined(headers, HeaderNames.X_FORWARDED_PROTO, peer.scheme));
        }
        String forwardedHost = joined(headers, HeaderNames.X_FORWARDED_HOST, host);
        if (forwardedHost != null) {
            line(lines, "x-forwarded-host", forwardedHost);
        }
        line(lines, "x-forwarded-port", joined(headers, HeaderNames.X_FORWARDED_PORT, peer.localPort));
        List<String> forwarded = headers.getAll(HeaderNames.FORWARDED);
        String element = element(peer, proto, host);
        line(lines, "forwarded", forwarded.isEmpty() ? element : String.join(", ", forwarded) + ", " + element);
        return lines.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String joined(HttpHeaders headers, CharSequence name, String otherwise) {
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? otherwise : String.join(", ", values);
    }

    private static void line(StringBuilder lines, String name, String value) {
        lines.append(name).append(": ").append(value).append("\r\n");
    }

    /**
     * The client address for the access log behind trusted proxies: the nearest address in X-Forwarded-For that
     * is not a trusted proxy, the leftmost when all are; the peer without a chain.
     */
    static String client(HttpHeaders headers, Peer peer, TrustedProxies trusted) {
        List<String> values = headers.getAll(HeaderNames.X_FORWARDED_FOR);
        if (values.isEmpty()) {
            return peer.text;
        }
        String chain = String.join(", ", values);
        int end = chain.length();
        String hop = null;
        while (end > 0) {
            int comma = chain.lastIndexOf(',', end - 1);
            hop = chain.substring(comma + 1, end).strip();
            if (!hop.isEmpty() && !trusted.containsText(hop)) {
                return hop;
            }
            end = comma < 0 ? 0 : comma;
        }
        return hop == null || hop.isEmpty() ? "unknown" : hop;
    }

    /** This hop's Forwarded element: {@code for=<peer>;proto=<scheme>;host=<Host>}, values quoted where needed. */
    static String element(Peer peer, String proto, String host) {
        StringBuilder out = new StringBuilder(48).append("for=").append(peer.forwardedNode).append(";proto=").append(proto);
        if (host != null && !host.isEmpty()) {
            out.append(";host=");
            if (isToken(host)) {
                out.append(host);
            } else {
                out.append('"');
                for (int i = 0; i < host.length(); i++) {
                    char c = host.charAt(i);
                    if (c == '"' || c == '\\') {
                        out.append('\\');
                    }
                    out.append(c);
                }
                out.append('"');
            }
        }
        return out.toString();
    }

    private static boolean isToken(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || !HttpSyntax.token((byte) c)) {
                return false;
            }
        }
        return true;
    }
}
