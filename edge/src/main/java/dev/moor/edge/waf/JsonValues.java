package dev.moor.edge.waf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The strings and keys of a JSON body, read by Jackson's streaming parser (no tree, no recursion) with its nesting
 * bounded: a body deeper than the limit, or one that is not JSON, is inspected as one text value instead, so
 * breaking the JSON hides nothing.
 */
final class JsonValues {
    private final JsonFactory factory;
    private final int maxDepth;

    JsonValues(int maxDepth) {
        this.maxDepth = maxDepth;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .build();
    }

    boolean extract(byte[] body, int offset, int length, ValueSink sink) {
        Path path = new Path(maxDepth + 1);
        try (JsonParser parser = factory.createParser(body, offset, length)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> path.push(token == JsonToken.START_ARRAY);
                    case END_OBJECT, END_ARRAY -> {
                        path.pop();
                        path.next();
                    }
                    case FIELD_NAME -> {
                        if (sink.value(parser.currentName(), "body json-key", path)) {
                            return true;
                        }
                        path.name(parser.currentName());
                    }
                    case VALUE_STRING -> {
                        boolean stop = sink.value(parser.getText(), "body json", path);
                        path.next();
                        if (stop) {
                            return true;
                        }
                    }
                    default -> path.next();
                }
            }
            return false;
        } catch (IOException | RuntimeException notJson) {
            return sink.value(new String(body, offset, length, StandardCharsets.UTF_8), "body", "");
        }
    }

    /** The place in the document, as {@code $.user.name} or {@code $.items[2]}, rendered only for a finding. */
    private static final class Path {
        private final String[] names;
        private final int[] indexes;
        private int depth;

        Path(int capacity) {
            names = new String[capacity + 1];
            indexes = new int[capacity + 1];
        }

        void push(boolean array) {
            depth++;
            names[depth] = null;
            indexes[depth] = array ? 0 : -1;
        }

        void pop() {
            if (depth > 0) {
                depth--;
            }
        }

        void name(String name) {
            names[depth] = name;
        }

        /** A value ended: an array's index moves on. */
        void next() {
            if (indexes[depth] >= 0 && depth > 0) {
                indexes[depth]++;
            }
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("$");
            for (int level = 1; level <= depth; level++) {
                if (indexes[level] >= 0) {
                    text.append('[').append(indexes[level]).append(']');
                } else if (names[level] != null) {
                    text.append('.').append(names[level]);
                }
            }
            return text.toString();
        }
    }
}
