package dev.moor.spec;

import java.util.List;
import java.util.Optional;

/** A YAML value that remembers where it was written, so every problem can point at it. */
sealed interface YamlNode {

    Position position();

    /** The value as the user wrote it, for messages: the scalar text, or what kind of collection it is. */
    String written();

    record Scalar(Type type, String text, Position position) implements YamlNode {
        enum Type { STRING, INTEGER, FLOAT, TRUE, FALSE, NULL }

        @Override
        public String written() {
            return text;
        }
    }

    record Mapping(List<Entry> entries, Position position) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(entry -> entry.key().equals(key)).findFirst();
        }

        @Override
        public String written() {
            return entries.isEmpty() ? "an empty map" : "a map";
        }
    }

    record Sequence(List<YamlNode> items, Position position) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String written() {
            return items.isEmpty() ? "an empty list" : "a list";
        }
    }

    record Entry(String key, Position keyPosition, YamlNode value) {}
}
