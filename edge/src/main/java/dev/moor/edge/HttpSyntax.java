package dev.moor.edge;

/** Character classes of RFC 9110 that the raw-byte parsers check. */
final class HttpSyntax {
    private static final boolean[] TOKEN = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        for (int c = 0; c < 256; c++) {
            FIELD_VALUE[c] = c == '\t' || c >= 0x20 && c != 0x7F;
        }
    }

    private HttpSyntax() {}

    static boolean token(byte b) {
        return TOKEN[b & 0xFF];
    }

    /** A field-value or reason-phrase octet: HTAB, SP, visible ASCII or obs-text. */
    static boolean fieldValue(byte b) {
        return FIELD_VALUE[b & 0xFF];
    }

    static boolean whitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** A non-empty HTTP token. */
    static boolean isToken(CharSequence text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF || !TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    /** A field value: field-value octets (Latin-1), without leading or trailing whitespace. */
    static boolean isFieldValue(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF || !FIELD_VALUE[c]) {
                return false;
            }
        }
        return text.isEmpty() || !whitespace((byte) text.charAt(0)) && !whitespace((byte) text.charAt(text.length() - 1));
    }

    static int indexOf(byte[] bytes, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
