package dev.moor.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML text into {@link YamlNode}s by walking Jackson's token stream, keeping the position of every key and
 * value. Duplicate keys are reported (the first one is kept); syntax errors and aliases end the reading.
 */
final class YamlTreeReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Problems problems;
    private boolean usable = true;

    private YamlTreeReader(Problems problems) {
        this.problems = problems;
    }

    /** The document's root, or empty when the text is no single usable YAML document (problems say why). */
    static Optional<YamlNode> read(String text, Problems problems) {
        return new YamlTreeReader(problems).readDocument(text, false);
    }

    /**
     * Like {@link #read}, but a text without a document (empty, or only comments) is an empty map: for files whose
     * every key is optional.
     */
    static Optional<YamlNode> readAllowingEmpty(String text, Problems problems) {
        return new YamlTreeReader(problems).readDocument(text, true);
    }

    private Optional<YamlNode> readDocument(String text, boolean emptyIsEmptyMap) {
        try (YAMLParser parser = (YAMLParser) FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                if (emptyIsEmptyMap) {
                    return Optional.of(new YamlNode.Mapping(List.of(), Position.START));
                }
                problems.invalid(Position.START, "", "", "a map with app and services");
                return Optional.empty();
            }
            YamlNode root = readNode(parser, "");
            if (parser.nextToken() != null) {
                problems.invalidYaml(position(parser.currentTokenLocation()),
                        "a second document (expected: one document; remove the '---' line)");
                return Optional.empty();
            }
            return usable ? Optional.of(root) : Optional.empty();
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                problems.invalidYaml(position(marked.getProblemMark()), describe(marked));
            } else {
                problems.invalidYaml(position(e.getLocation()), e.getOriginalMessage());
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("reading YAML from a string cannot fail with I/O", e);
        }
    }

    private YamlNode readNode(YAMLParser parser, String path) throws IOException {
        Position at = position(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (parser.isCurrentAlias()) {
            problems.invalid(at, path, "*" + parser.getText(), "a value written out (YAML aliases are not supported)");
            usable = false;
            return new YamlNode.Scalar(YamlNode.Scalar.Type.NULL, "", at);
        }
        return switch (token) {
            case START_OBJECT -> readMapping(parser, path, at);
            case START_ARRAY -> readSequence(parser, path, at);
            case VALUE_STRING -> scalar(YamlNode.Scalar.Type.STRING, parser, at);
            case VALUE_NUMBER_INT -> scalar(YamlNode.Scalar.Type.INTEGER, parser, at);
            case VALUE_NUMBER_FLOAT -> scalar(YamlNode.Scalar.Type.FLOAT, parser, at);
            case VALUE_TRUE -> scalar(YamlNode.Scalar.Type.TRUE, parser, at);
            case VALUE_FALSE -> scalar(YamlNode.Scalar.Type.FALSE, parser, at);
            case VALUE_NULL -> scalar(YamlNode.Scalar.Type.NULL, parser, at);
            default -> throw new IllegalStateException("Jackson's YAML parser produced " + token + " at a value");
        };
    }

    private YamlNode readMapping(YAMLParser parser, String path, Position at) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Position keyAt = position(parser.currentTokenLocation());
            parser.nextToken();
            YamlNode value = readNode(parser, KeyPath.child(path, key));
            Position first = seen.putIfAbsent(key, keyAt);
            if (first == null) {
                entries.add(new YamlNode.Entry(key, keyAt, value));
            } else {
                problems.duplicateKey(keyAt, KeyPath.child(path, key), first);
            }
        }
        return new YamlNode.Mapping(entries, at);
    }

    private YamlNode readSequence(YAMLParser parser, String path, Position at) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readNode(parser, KeyPath.index(path, items.size())));
        }
        return new YamlNode.Sequence(items, at);
    }

    private static YamlNode scalar(YamlNode.Scalar.Type type, YAMLParser parser, Position at) throws IOException {
        return new YamlNode.Scalar(type, parser.getText(), at);
    }

    /** SnakeYAML's own words, e.g. "found unexpected end of stream, while scanning a quoted scalar from 3:9". */
    private static String describe(MarkedYAMLException marked) {
        String problem = marked.getProblem();
        if (marked.getContext() == null) {
            return problem;
        }
        Mark contextMark = marked.getContextMark();
        return problem + ", " + marked.getContext()
                + (contextMark == null ? "" : " from " + (contextMark.getLine() + 1) + ":" + (contextMark.getColumn() + 1));
    }

    private static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static Position position(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? Position.START
                : new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }
}
