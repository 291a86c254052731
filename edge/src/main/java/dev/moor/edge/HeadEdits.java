package dev.moor.edge;

import dev.moor.edge.filter.LocalAnswer;
import dev.moor.edge.filter.ResponseHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The response filters' view of a proxied response head: the upstream's kept lines, read where they are, less the
 * lines a filter removed, plus the lines filters added. The writers render it for the client's protocol. Lives for
 * one response head, on its exchange's event loop.
 */
final class HeadEdits implements ResponseHeaders {
    private final ResponseHead head;
    /** The status in place of the upstream's, or 0. */
    private int replacedStatus;
    private boolean[] removed;
    private List<String> added;
    private boolean lengthRemoved;

    HeadEdits(ResponseHead head) {
        this.head = head;
    }

    @Override
    public int status() {
        return replacedStatus != 0 ? replacedStatus : head.status;
    }

    /** Whether a filter replaced the upstream's status. */
    boolean statusReplaced() {
        return replacedStatus != 0;
    }

    /** Framing and hop-by-hop lines among {@code headers} are left out: the edge frames the response. */
    @Override
    public void replace(int status, List<LocalAnswer.Header> headers) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200 to 599)");
        }
        replacedStatus = status;
        removed = new boolean[head.keptCount];
        java.util.Arrays.fill(removed, true);
        added = null;
        lengthRemoved = true;
        for (LocalAnswer.Header header : headers) {
            HeaderKind kind = HeaderKind.of(header.name());
            if (!kind.hopByHop() && kind != HeaderKind.TRANSFER_ENCODING && kind != HeaderKind.CONTENT_LENGTH) {
                add(header.name(), header.value());
            }
        }
    }

    @Override
    public String get(CharSequence name) {
        for (int line = 0; line < head.keptCount; line++) {
            if (kept(line) && named(line, name)) {
                return value(line);
            }
        }
        if (added != null) {
            for (int i = 0; i < added.size(); i += 2) {
                if (added.get(i).equalsIgnoreCase(name.toString())) {
                    return added.get(i + 1);
                }
            }
        }
        return null;
    }

    @Override
    public List<String> getAll(CharSequence name) {
        List<String> values = new ArrayList<>(2);
        for (int line = 0; line < head.keptCount; line++) {
            if (kept(line) && named(line, name)) {
                values.add(value(line));
            }
        }
        if (added != null) {
            for (int i = 0; i < added.size(); i += 2) {
                if (added.get(i).equalsIgnoreCase(name.toString())) {
                    values.add(added.get(i + 1));
                }
            }
        }
        return values;
    }

    @Override
    public boolean contains(CharSequence name) {
        return get(name) != null;
    }

    @Override
    public void forEach(java.util.function.BiConsumer<String, String> line) {
        byte[] bytes = head.bytes;
        for (int i = 0; i < head.keptCount; i++) {
            if (kept(i)) {
                int start = head.kept[i * 2];
                int colon = HttpSyntax.indexOf(bytes, (byte) ':', start, head.kept[i * 2 + 1]);
                line.accept(new String(bytes, start, colon - start, StandardCharsets.ISO_8859_1), value(i));
            }
        }
        for (int i = 0; i < addedCount(); i++) {
            line.accept(addedName(i), addedValue(i));
        }
    }

    @Override
    public void remove(CharSequence name) {
        for (int line = 0; line < head.keptCount; line++) {
            if (kept(line) && named(line, name)) {
                if (removed == null) {
                    removed = new boolean[head.keptCount];
                }
                removed[line] = true;
            }
        }
        if (added != null) {
            for (int i = added.size() - 2; i >= 0; i -= 2) {
                if (added.get(i).equalsIgnoreCase(name.toString())) {
                    added.remove(i + 1);
                    added.remove(i);
                }
            }
        }
        if (HeaderKind.of(name) == HeaderKind.CONTENT_LENGTH) {
            lengthRemoved = true;
        }
    }

    @Override
    public void add(CharSequence name, CharSequence value) {
        String text = name.toString();
        if (!HttpSyntax.isToken(text)) {
            throw new IllegalArgumentException("header name: " + text + " (expected: an HTTP token)");
        }
        HeaderKind kind = HeaderKind.of(text);
        if (kind.hopByHop() || kind == HeaderKind.TRANSFER_ENCODING || kind == HeaderKind.CONTENT_LENGTH) {
            throw new IllegalArgumentException("header name: " + text + " (expected: not a framing or hop-by-hop header:"
                    + " the edge frames the response)");
        }
        String valueText = value.toString();
        if (!HttpSyntax.isFieldValue(valueText)) {
            throw new IllegalArgumentException("header " + text + ": a value with control characters");
        }
        if (added == null) {
            added = new ArrayList<>(4);
        }
        added.add(text);
        added.add(valueText);
    }

    /** The body's length is no longer the upstream's: the writer frames it (chunked, or by closing). */
    boolean lengthRemoved() {
        return lengthRemoved;
    }

    /** Whether kept line {@code line} of the upstream's head still goes to the client. */
    boolean kept(int line) {
        return removed == null || !removed[line];
    }

    int addedCount() {
        return added == null ? 0 : added.size() / 2;
    }

    String addedName(int index) {
        return added.get(index * 2);
    }

    String addedValue(int index) {
        return added.get(index * 2 + 1);
    }

    private boolean named(int line, CharSequence name) {
        byte[] bytes = head.bytes;
        int start = head.kept[line * 2];
        int colon = HttpSyntax.indexOf(bytes, (byte) ':', start, head.kept[line * 2 + 1]);
        if (colon - start != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.toLowerCase((char) bytes[start + i]) != Character.toLowerCase(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private String value(int line) {
        byte[] bytes = head.bytes;
        int start = head.kept[line * 2];
        int end = head.kept[line * 2 + 1];
        int colon = HttpSyntax.indexOf(bytes, (byte) ':', start, end);
        int valueStart = ResponseHead.valueStart(bytes, colon, end);
        int valueEnd = ResponseHead.valueEnd(bytes, valueStart, end);
        return new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
    }
}
