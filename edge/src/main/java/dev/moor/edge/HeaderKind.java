package dev.moor.edge;

/**
 * The header names the proxy treats specially, recognised by length first and then case-insensitively, from a
 * decoded name or from raw bytes.
 */
enum HeaderKind {
    OTHER(""),
    HOST("host"),
    CONNECTION("connection"),
    KEEP_ALIVE("keep-alive"),
    PROXY_CONNECTION("proxy-connection"),
    TE("te"),
    TRAILER("trailer"),
    UPGRADE("upgrade"),
    TRANSFER_ENCODING("transfer-encoding"),
    CONTENT_LENGTH("content-length"),
    X_FORWARDED_FOR("x-forwarded-for"),
    X_FORWARDED_PROTO("x-forwarded-proto"),
    X_FORWARDED_HOST("x-forwarded-host"),
    X_FORWARDED_PORT("x-forwarded-port"),
    FORWARDED("forwarded"),
    CLOUDFRONT_FORWARDED_PROTO("cloudfront-forwarded-proto"),
    X_REQUEST_ID("x-request-id"),
    ALT_SVC("alt-svc");

    private final String lowerCase;

    HeaderKind(String lowerCase) {
        this.lowerCase = lowerCase;
    }

    /** Connection, Keep-Alive, Proxy-Connection, TE, Trailer and Upgrade describe one connection, not the message. */
    boolean hopByHop() {
        return this == CONNECTION || this == KEEP_ALIVE || this == PROXY_CONNECTION || this == TE || this == TRAILER
                || this == UPGRADE;
    }

    /** The X-Forwarded-* and Forwarded headers the edge writes itself. */
    boolean forwarding() {
        return this == X_FORWARDED_FOR || this == X_FORWARDED_PROTO || this == X_FORWARDED_HOST
                || this == X_FORWARDED_PORT || this == FORWARDED;
    }

    static HeaderKind of(CharSequence name) {
        HeaderKind[] candidates = candidates(name.length());
        for (HeaderKind kind : candidates) {
            if (equalsLowerCase(name, kind.lowerCase)) {
                return kind;
            }
        }
        return OTHER;
    }

    static HeaderKind of(byte[] source, int index, int length) {
        HeaderKind[] candidates = candidates(length);
        for (HeaderKind kind : candidates) {
            if (equalsLowerCase(source, index, kind.lowerCase)) {
                return kind;
            }
        }
        return OTHER;
    }

    private static final HeaderKind[] NONE = {};
    private static final HeaderKind[] LENGTH_2 = {TE};
    private static final HeaderKind[] LENGTH_4 = {HOST};
    private static final HeaderKind[] LENGTH_7 = {TRAILER, UPGRADE, ALT_SVC};
    private static final HeaderKind[] LENGTH_9 = {FORWARDED};
    private static final HeaderKind[] LENGTH_10 = {CONNECTION, KEEP_ALIVE};
    private static final HeaderKind[] LENGTH_12 = {X_REQUEST_ID};
    private static final HeaderKind[] LENGTH_14 = {CONTENT_LENGTH};
    private static final HeaderKind[] LENGTH_15 = {X_FORWARDED_FOR};
    private static final HeaderKind[] LENGTH_16 = {PROXY_CONNECTION, X_FORWARDED_HOST, X_FORWARDED_PORT};
    private static final HeaderKind[] LENGTH_17 = {TRANSFER_ENCODING, X_FORWARDED_PROTO};
    private static final HeaderKind[] LENGTH_26 = {CLOUDFRONT_FORWARDED_PROTO};

    private static HeaderKind[] candidates(int length) {
        return switch (length) {
            case 2 -> LENGTH_2;
            case 4 -> LENGTH_4;
            case 7 -> LENGTH_7;
            case 9 -> LENGTH_9;
            case 10 -> LENGTH_10;
            case 12 -> LENGTH_12;
            case 14 -> LENGTH_14;
            case 15 -> LENGTH_15;
            case 16 -> LENGTH_16;
            case 17 -> LENGTH_17;
            case 26 -> LENGTH_26;
            default -> NONE;
        };
    }

    static boolean equalsLowerCase(CharSequence text, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsLowerCase(byte[] source, int index, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            int c = source[index + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
