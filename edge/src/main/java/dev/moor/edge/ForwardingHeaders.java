package dev.moor.edge;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/**
 * Writes X-Forwarded-For, -Proto, -Host, -Port and RFC 7239 Forwarded on a request going upstream. From a
 * trusted proxy the incoming values are kept and this hop is appended; from anyone else they are replaced, so a
 * client cannot claim another address or scheme. With CloudFront translation, a trusted peer's
 * CloudFront-Forwarded-Proto becomes the forwarded proto.
 */
final class ForwardingHeaders {
    private static final String SCHEME = "http";

    private ForwardingHeaders() {}

    /**
     * Rewrites the headers; returns the client address for the access log: the peer, or, behind trusted
     * proxies, the nearest address in X-Forwarded-For that is not a trusted proxy.
     */
    static String apply(HttpHeaders headers, String host, Peer peer, ProxySnapshot snapshot) {
        if (!peer.trustedBy(snapshot.trustedProxies)) {
            headers.remove(HeaderNames.CLOUDFRONT_FORWARDED_PROTO);
            headers.set(HeaderNames.X_FORWARDED_FOR, peer.text);
            headers.set(HeaderNames.X_FORWARDED_PROTO, SCHEME);
            setOrRemove(headers, HeaderNames.X_FORWARDED_HOST, host);
            headers.set(HeaderNames.X_FORWARDED_PORT, peer.localPort);
            headers.set(HeaderNames.FORWARDED, element(peer, SCHEME, host));
            return peer.text;
        }
        String proto = SCHEME;
        String cloudFront = snapshot.translateCloudFront ? headers.get(HeaderNames.CLOUDFRONT_FORWARDED_PROTO) : null;
        if (cloudFront != null && (cloudFront.equalsIgnoreCase("https") || cloudFront.equalsIgnoreCase("http"))) {
            proto = cloudFront.toLowerCase(java.util.Locale.ROOT);
            headers.set(HeaderNames.X_FORWARDED_PROTO, proto);
        } else if (!headers.contains(HeaderNames.X_FORWARDED_PROTO)) {
            headers.set(HeaderNames.X_FORWARDED_PROTO, SCHEME);
        }
        String client = peer.text;
        List<String> chain = headers.getAll(HeaderNames.X_FORWARDED_FOR);
        if (chain.isEmpty()) {
            headers.set(HeaderNames.X_FORWARDED_FOR, peer.text);
        } else {
            String joined = String.join(", ", chain);
            headers.set(HeaderNames.X_FORWARDED_FOR, joined + ", " + peer.text);
            client = nearestUntrusted(joined, snapshot.trustedProxies);
        }
        if (!headers.contains(HeaderNames.X_FORWARDED_HOST) && host != null) {
            headers.set(HeaderNames.X_FORWARDED_HOST, host);
        }
        if (!headers.contains(HeaderNames.X_FORWARDED_PORT)) {
            headers.set(HeaderNames.X_FORWARDED_PORT, peer.localPort);
        }
        List<String> forwarded = headers.getAll(HeaderNames.FORWARDED);
        String element = element(peer, proto, host);
        headers.set(HeaderNames.FORWARDED, forwarded.isEmpty() ? element : String.join(", ", forwarded) + ", " + element);
        return client;
    }

    private static void setOrRemove(HttpHeaders headers, CharSequence name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.set(name, value);
        }
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
            boolean token = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }

    /** Walks X-Forwarded-For from the right past trusted proxies; the leftmost entry when all are trusted. */
    private static String nearestUntrusted(String chain, TrustedProxies trusted) {
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
}
