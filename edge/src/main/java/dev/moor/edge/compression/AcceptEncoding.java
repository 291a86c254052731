package dev.moor.edge.compression;

import io.netty.util.AsciiString;

import java.util.Arrays;

/**
 * What an Accept-Encoding request header says of each coding the edge knows, identity and {@code *} (RFC 9110
 * §12.5.3), as q-values in thousandths (0 to 1000).
 *
 * <p>Parsing is tolerant, since clients send what they send: tokens in any case with spaces and tabs around them,
 * empty list elements, parameters other than q, and {@code x-gzip} for gzip are accepted; an element whose q is not
 * a valid qvalue ({@code q=2}, {@code q=0.5x}, {@code q=}) is ignored as if it were not there; when a coding is
 * listed twice, its first element counts.
 */
public final class AcceptEncoding {
    /** Not listed: neither the coding itself nor {@code *}. */
    static final int UNLISTED = -1;

    private static final int IDENTITY = Coding.values().length;
    private static final int ANY = IDENTITY + 1;
    private static final AsciiString IDENTITY_TOKEN = AsciiString.cached("identity");
    /** RFC 9110 tchar, by character. */
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    /** Per coding (by ordinal), then identity, then {@code *}: a q-value in thousandths, or UNLISTED. */
    private final int[] listed;

    private AcceptEncoding(int[] listed) {
        this.listed = listed;
    }

    /** The header's value parsed; {@code null} (no header) and an empty value accept identity only. */
    public static AcceptEncoding parse(CharSequence value) {
        int[] listed = new int[ANY + 1];
        Arrays.fill(listed, UNLISTED);
        if (value != null) {
            int length = value.length();
            int start = 0;
            while (start < length) {
                int end = indexOf(value, ',', start, length);
                element(value, start, end, listed);
                start = end + 1;
            }
        }
        return new AcceptEncoding(listed);
    }

    /** How much the client wants {@code coding}: its own q, else that of {@code *}, else 0 (RFC 9110 §12.5.3). */
    public int quality(Coding coding) {
        int own = listed[coding.ordinal()];
        if (own != UNLISTED) {
            return own;
        }
        return listed[ANY] == UNLISTED ? 0 : listed[ANY];
    }

    /**
     * How much the client wants the body as it is: 1000 unless identity is listed, or {@code *} is listed and
     * identity not (so {@code *;q=0} alone refuses it).
     */
    public int identityQuality() {
        if (listed[IDENTITY] != UNLISTED) {
            return listed[IDENTITY];
        }
        return listed[ANY] == UNLISTED ? 1000 : listed[ANY];
    }

    /** Whether identity has a q of its own here, or through {@code *}. */
    boolean identityListed() {
        return listed[IDENTITY] != UNLISTED || listed[ANY] != UNLISTED;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("AcceptEncoding[");
        for (Coding coding : Coding.values()) {
            text.append(coding.token()).append('=').append(quality(coding)).append(", ");
        }
        return text.append("identity=").append(identityQuality()).append(']').toString();
    }

    /** One list element in [start, end): {@code OWS coding OWS *( ";" OWS name [ OWS "=" OWS value ] OWS )}. */
    private static void element(CharSequence value, int start, int end, int[] listed) {
        int tokenStart = skipSpaces(value, start, end);
        int tokenEnd = tokenStart;
        while (tokenEnd < end && token(value.charAt(tokenEnd))) {
            tokenEnd++;
        }
        if (tokenEnd == tokenStart) {
            return;
        }
        int slot = slot(value, tokenStart, tokenEnd);
        int quality = 1000;
        int i = skipSpaces(value, tokenEnd, end);
        while (i < end) {
            if (value.charAt(i) != ';') {
                return;
            }
            int nameStart = skipSpaces(value, i + 1, end);
            int nameEnd = nameStart;
            while (nameEnd < end && token(value.charAt(nameEnd))) {
                nameEnd++;
            }
            int next = indexOf(value, ';', nameEnd, end);
            if (nameEnd - nameStart == 1 && (value.charAt(nameStart) | 0x20) == 'q') {
                int equals = skipSpaces(value, nameEnd, next);
                if (equals == next || value.charAt(equals) != '=') {
                    return;
                }
                int valueStart = skipSpaces(value, equals + 1, next);
                int valueEnd = next;
                while (valueEnd > valueStart && space(value.charAt(valueEnd - 1))) {
                    valueEnd--;
                }
                quality = qvalue(value, valueStart, valueEnd);
                if (quality == UNLISTED) {
                    return;
                }
            }
            i = next;
        }
        if (slot >= 0 && listed[slot] == UNLISTED) {
            listed[slot] = quality;
        }
    }

    private static int slot(CharSequence value, int start, int end) {
        Coding coding = Coding.ofToken(value, start, end);
        if (coding != null) {
            return coding.ordinal();
        }
        if (end - start == 1 && value.charAt(start) == '*') {
            return ANY;
        }
        int length = end - start;
        return length == IDENTITY_TOKEN.length() && IDENTITY_TOKEN.regionMatches(true, 0, value, start, length)
                ? IDENTITY : -1;
    }

    /** {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )} in thousandths, or UNLISTED. */
    private static int qvalue(CharSequence value, int start, int end) {
        if (start == end || end - start > 5) {
            return UNLISTED;
        }
        char first = value.charAt(start);
        if (first != '0' && first != '1') {
            return UNLISTED;
        }
        int thousandths = first == '1' ? 1000 : 0;
        if (start + 1 == end) {
            return thousandths;
        }
        if (value.charAt(start + 1) != '.') {
            return UNLISTED;
        }
        int scale = 100;
        for (int i = start + 2; i < end; i++, scale /= 10) {
            char digit = value.charAt(i);
            if (digit < '0' || digit > '9' || (first == '1' && digit != '0')) {
                return UNLISTED;
            }
            thousandths += (digit - '0') * scale;
        }
        return thousandths;
    }

    private static int indexOf(CharSequence value, char c, int start, int end) {
        for (int i = start; i < end; i++) {
            if (value.charAt(i) == c) {
                return i;
            }
        }
        return end;
    }

    private static int skipSpaces(CharSequence value, int start, int end) {
        int i = start;
        while (i < end && space(value.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean space(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean token(char c) {
        return c < 128 && TOKEN[c];
    }
}
