package dev.moor.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A map of the spec with a fixed set of keys: reports unknown keys (with a suggestion) as soon as it is opened, and
 * missing required keys at the position of the map.
 */
final class MappingReader {
    private final YamlNode.Mapping mapping;
    private final String path;
    private final Position at;
    private final Problems problems;

    private MappingReader(YamlNode.Mapping mapping, String path, Position at, Problems problems) {
        this.mapping = mapping;
        this.path = path;
        this.at = at;
        this.problems = problems;
    }

    /**
     * @param node     the node that should be a map
     * @param path     its key path
     * @param at       where to report keys missing from it: the key that names the map, or the map itself
     * @param keys     the keys allowed in it, in the order the reference lists them
     * @param expected what the node is, for the problem when it is not a map
     * @return empty when the node is not a map (reported)
     */
    static Optional<MappingReader> open(YamlNode node, String path, Position at, List<String> keys, String expected,
                                        Problems problems) {
        return open(node, path, at, keys, Map.of(), expected, problems);
    }

    /**
     * @param refusedKeys keys that are valid elsewhere but not in this map, with the reason that replaces the
     *                    suggestion of an unknown key
     */
    static Optional<MappingReader> open(YamlNode node, String path, Position at, List<String> keys,
                                        Map<String, String> refusedKeys, String expected, Problems problems) {
        return open(node, path, at, keys, refusedKeys, Map.of(), expected, problems);
    }

    /**
     * @param misplacedKeys keys that have a meaning, but in another file: reported as misplaced, with what they are
     *                      and where they go, rather than as unknown keys; they are not offered as suggestions
     */
    static Optional<MappingReader> open(YamlNode node, String path, Position at, List<String> keys,
                                        Map<String, String> refusedKeys, Map<String, Misplaced> misplacedKeys,
                                        String expected, Problems problems) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problems.invalid(node, path, expected);
            return Optional.empty();
        }
        for (YamlNode.Entry entry : mapping.entries()) {
            if (keys.contains(entry.key())) {
                continue;
            }
            String entryPath = KeyPath.child(path, entry.key());
            Misplaced misplaced = misplacedKeys.get(entry.key());
            if (misplaced != null) {
                problems.misplacedKey(entry.keyPosition(), entryPath, misplaced.what(), misplaced.where());
                continue;
            }
            String hint = refusedKeys.containsKey(entry.key())
                    ? refusedKeys.get(entry.key())
                    : Suggestions.forUnknownKey(entry.key(), keys);
            problems.unknownKey(entry.keyPosition(), entryPath, hint);
        }
        return Optional.of(new MappingReader(mapping, path, at, problems));
    }

    /**
     * A key that belongs in another file.
     *
     * @param what  what the key is, e.g. "an edge-wide setting"
     * @param where where to write it instead, and why
     */
    record Misplaced(String what, String where) {}

    Optional<YamlNode> get(String key) {
        return mapping.entry(key).map(YamlNode.Entry::value);
    }

    Optional<YamlNode> require(String key, String expected) {
        Optional<YamlNode> value = get(key);
        if (value.isEmpty()) {
            problems.missing(at, path(key), expected);
        }
        return value;
    }

    Optional<Position> keyPosition(String key) {
        return mapping.entry(key).map(YamlNode.Entry::keyPosition);
    }

    boolean has(String key) {
        return mapping.entry(key).isPresent();
    }

    String path() {
        return path;
    }

    String path(String key) {
        return KeyPath.child(path, key);
    }

    Position at() {
        return at;
    }
}
