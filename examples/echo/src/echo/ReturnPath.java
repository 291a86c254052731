package echo;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The URL the client used, rebuilt behind proxies: from the first proxy's RFC 7239 {@code Forwarded} header,
 * else from {@code X-Forwarded-Proto}, {@code -Host}, {@code -Port} and {@code -Prefix}, else from
 * {@code Host}.
 */
final class ReturnPath {

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

    private ReturnPath() {}

    /**
     * @param headers the request's headers, names lower-cased, repeated values joined with ", "
     * @param local   the address the request arrived on, for a request without any host header
     */
    static String of(URI request, Map<String, String> headers, InetSocketAddress local) {
        Map<String, String> forwarded = firstForwardedElement(headers.get("forwarded"));
        String proto = Optional.ofNullable(forwarded.get("proto"))
                .or(() -> first(headers.get("x-forwarded-proto")))
                .map(p -> p.toLowerCase(Locale.ROOT))
                .filter(p -> SCHEME.matcher(p).matches())
                .orElse("http");
        String authority;
        if (forwarded.containsKey("host")) {
            authority = forwarded.get("host");
        } else {
            String host = first(headers.get("x-forwarded-host"))
                    .or(() -> first(headers.get("host")))
                    .orElseGet(() -> authorityOf(local));
            authority = first(headers.get("x-forwarded-port"))
                    .filter(port -> port.matches("\\d{1,5}"))
                    .map(port -> hostWithoutPort(host) + ":" + port)
                    .orElse(host);
        }
        String prefix = first(headers.get("x-forwarded-prefix"))
                .map(p -> (p.startsWith("/") ? p : "/" + p).replaceAll("/+$", ""))
                .orElse("");
        String query = request.getRawQuery() == null ? "" : "?" + request.getRawQuery();
        return proto + "://" + withoutDefaultPort(authority, proto) + prefix + request.getRawPath() + query;
    }

    /** The parameters of the first element of a Forwarded header: the one the proxy nearest the client wrote. */
    static Map<String, String> firstForwardedElement(String header) {
        Map<String, String> parameters = new HashMap<>();
        if (header == null) {
            return parameters;
        }
        String element = splitOutsideQuotes(header, ',').getFirst();
        for (String pair : splitOutsideQuotes(element, ';')) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                String name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                parameters.putIfAbsent(name, unquote(pair.substring(equals + 1).strip()));
            }
        }
        return parameters;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                part.append(c);
            } else if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            return value;
        }
        StringBuilder unquoted = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            unquoted.append(c);
        }
        return unquoted.toString();
    }

    /** The first of a header's comma-separated values, which the proxy nearest the client set. */
    private static Optional<String> first(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.split(",", 2)[0].strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String hostWithoutPort(String authority) {
        int colon = portColon(authority);
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    private static String withoutDefaultPort(String authority, String proto) {
        int colon = portColon(authority);
        String port = colon < 0 ? "" : authority.substring(colon + 1);
        boolean isDefault = switch (proto) {
            case "http", "ws" -> port.equals("80");
            case "https", "wss" -> port.equals("443");
            default -> false;
        };
        return isDefault ? authority.substring(0, colon) : authority;
    }

    /** Where the port starts in {@code host:port} or {@code [v6]:port}; -1 without a port. */
    private static int portColon(String authority) {
        int colon = authority.lastIndexOf(':');
        return colon > authority.lastIndexOf(']') ? colon : -1;
    }

    private static String authorityOf(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
