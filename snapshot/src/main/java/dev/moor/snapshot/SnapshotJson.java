package dev.moor.snapshot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The JSON form of snapshots and of what travels with them between the server and the edge. Durations are
 * ISO-8601 ({@code PT30S}), endpoint addresses {@code IP:PORT} ({@code [::1]:8080} for IPv6). Unknown fields are
 * ignored, so an edge of an older version still reads what a newer server sends.
 */
public final class SnapshotJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("moor-snapshot")
                    .addSerializer(InetSocketAddress.class, new AddressSerializer())
                    .addDeserializer(InetSocketAddress.class, new AddressDeserializer()))
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SnapshotJson() {}

    /** One line of JSON (no line breaks inside), as the channel and the snapshot file carry it. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not JSON of that type, naming where it is wrong
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), e);
        }
    }

    private static final class AddressSerializer extends JsonSerializer<InetSocketAddress> {
        @Override
        public void serialize(InetSocketAddress address, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(render(address));
        }
    }

    /** {@code IP:PORT}, or {@code HOST:PORT} for an address that was never resolved. */
    static String render(InetSocketAddress address) {
        String host = address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static final class AddressDeserializer extends JsonDeserializer<InetSocketAddress> {
        private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

        @Override
        public InetSocketAddress deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            int colon = text == null ? -1 : text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                return (InetSocketAddress) context.handleWeirdStringValue(InetSocketAddress.class, text,
                        "expected IP:PORT");
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                return (InetSocketAddress) context.handleWeirdStringValue(InetSocketAddress.class, text,
                        "expected a port number after the last ':'");
            }
            if (IPV4.matcher(host).matches() || host.contains(":")) {
                try {
                    // A literal address: InetAddress parses it without a name lookup.
                    return new InetSocketAddress(InetAddress.getByName(host), port);
                } catch (UnknownHostException e) {
                    return InetSocketAddress.createUnresolved(host, port);
                }
            }
            return InetSocketAddress.createUnresolved(host, port);
        }
    }
}
