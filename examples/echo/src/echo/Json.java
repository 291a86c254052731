package echo;

import java.util.Map;

/** Writes strings, numbers and maps of them as indented JSON. */
final class Json {

    private Json() {}

    static String write(Object value) {
        StringBuilder json = new StringBuilder();
        write(value, json, "");
        return json.toString();
    }

    private static void write(Object value, StringBuilder json, String indent) {
        switch (value) {
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    json.append("{}");
                    return;
                }
                json.append("{\n");
                String inner = indent + "  ";
                var entries = map.entrySet().iterator();
                while (entries.hasNext()) {
                    var entry = entries.next();
                    json.append(inner);
                    string(String.valueOf(entry.getKey()), json);
                    json.append(": ");
                    write(entry.getValue(), json, inner);
                    json.append(entries.hasNext() ? ",\n" : "\n");
                }
                json.append(indent).append('}');
            }
            case Number number -> json.append(number);
            case Boolean bool -> json.append(bool);
            case null -> json.append("null");
            default -> string(value.toString(), json);
        }
    }

    private static void string(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
