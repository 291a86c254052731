package dev.moor.spec;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of nodes. Each method either returns the value or reports what was expected and returns
 * empty. Scalars are taken as written, so {@code port: "8080"} and {@code port: 8080} mean the same.
 */
final class ValueReader {
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL_NUMBER = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[([^\\]]*)\\]|([^:\\[\\]]*)):([0-9]+)");
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?:.*\\.)?[0-9]+");
    private static final String IP_LITERAL = "an IP address like 127.0.0.1, 0.0.0.0 or ::1";

    private final Problems problems;

    ValueReader(Problems problems) {
        this.problems = problems;
    }

    /** Any scalar but null, as written. */
    Optional<String> string(YamlNode node, String path, String expected) {
        if (node instanceof YamlNode.Scalar scalar && scalar.type() != YamlNode.Scalar.Type.NULL) {
            return Optional.of(scalar.text());
        }
        problems.invalid(node, path, expected);
        return Optional.empty();
    }

    Optional<String> matching(YamlNode node, String path, Pattern pattern, String expected) {
        Optional<String> text = string(node, path, expected);
        if (text.isPresent() && !pattern.matcher(text.get()).matches()) {
            problems.invalid(node, path, expected);
            return Optional.empty();
        }
        return text;
    }

    /** A decimal integer in [min, max]; {@code expected} says so, e.g. "an integer >= 0". */
    Optional<Long> integer(YamlNode node, String path, long min, long max, String expected) {
        if (node instanceof YamlNode.Scalar scalar && DECIMAL_INTEGER.matcher(scalar.text()).matches()) {
            BigInteger value = new BigInteger(scalar.text());
            if (value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0) {
                return Optional.of(value.longValue());
            }
        }
        problems.invalid(node, path, expected);
        return Optional.empty();
    }

    Optional<Integer> port(YamlNode node, String path) {
        return integer(node, path, 1, 65_535, "a port number 1..65535").map(Long::intValue);
    }

    /** {@code true} or {@code false} (also YAML 1.1's {@code yes}, {@code no}, {@code on}, {@code off}, unquoted). */
    Optional<Boolean> bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar) {
            boolean string = scalar.type() == YamlNode.Scalar.Type.STRING;
            if (scalar.type() == YamlNode.Scalar.Type.TRUE || string && scalar.text().equals("true")) {
                return Optional.of(true);
            }
            if (scalar.type() == YamlNode.Scalar.Type.FALSE || string && scalar.text().equals("false")) {
                return Optional.of(false);
            }
        }
        problems.invalid(node, path, "true or false");
        return Optional.empty();
    }

    /** One of the names of {@code byName}; a misspelt one gets a suggestion. */
    <T> Optional<T> oneOf(Map<String, T> byName, YamlNode node, String path) {
        List<String> names = List.copyOf(byName.keySet());
        String expected = names.size() == 2 ? names.get(0) + " or " + names.get(1)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
        return string(node, path, expected).flatMap(text -> {
            T value = byName.get(text);
            if (value == null) {
                problems.invalid(node, path, expected + Suggestions.closest(text, byName.keySet())
                        .map(closest -> "; did you mean '" + closest + "'?").orElse(""));
            }
            return Optional.ofNullable(value);
        });
    }

    /** The constants by their names in a spec: lowercase, in declaration order. */
    static <T extends Enum<T>> Map<String, T> byName(T[] constants) {
        Map<String, T> byName = new LinkedHashMap<>();
        for (T constant : constants) {
            byName.put(constant.name().toLowerCase(Locale.ROOT), constant);
        }
        return byName;
    }

    /**
     * An IP address literal, IPv4 in dotted-quad form or IPv6 without brackets or zone ({@link IpAddresses}), kept as
     * written.
     */
    Optional<String> ipLiteral(YamlNode node, String path) {
        return string(node, path, IP_LITERAL).flatMap(text -> {
            if (IpAddresses.parse(text).isEmpty()) {
                problems.invalid(node, path, IP_LITERAL);
                return Optional.empty();
            }
            return Optional.of(text);
        });
    }

    /**
     * {@code host:port}, the host a DNS name, an IPv4 address or an IPv6 address in brackets; host names are stored
     * lower case and IPv6 addresses without their brackets.
     *
     * @param form     the problem's expected text when the value is not of this form
     * @param anyHost  whether {@code :port} alone is allowed: a listen address on every local address, whose host is
     *                 then empty
     */
    Optional<ExternalServiceSpec.HostPort> hostPort(YamlNode node, String path, String form, boolean anyHost) {
        Optional<String> text = string(node, path, form);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher parts = HOST_PORT.matcher(text.get());
        if (!parts.matches()) {
            problems.invalid(node, path, form);
            return Optional.empty();
        }
        boolean bracketed = parts.group(1) != null;
        String host = (bracketed ? parts.group(1) : parts.group(2)).toLowerCase(Locale.ROOT);
        boolean validHost = bracketed
                ? host.contains(":") && IpAddresses.parse(host).isPresent()
                : host.isEmpty() ? anyHost : isHostName(host);
        if (!validHost) {
            problems.invalid(node, path, form);
            return Optional.empty();
        }
        String digits = parts.group(3);
        int port = digits.length() > 5 ? 0 : Integer.parseInt(digits);
        if (port < 1 || port > 65_535) {
            problems.invalid(node, path, "a port number 1..65535 after the host");
            return Optional.empty();
        }
        return Optional.of(new ExternalServiceSpec.HostPort(host, port));
    }

    /**
     * Whether {@code text} is a DNS name or an IPv4 address. A name whose last label is a number can only be an IPv4
     * address: {@code 10.0.0} is a mistake, not a host.
     */
    static boolean isHostName(String text) {
        return Names.DNS_NAME.matcher(text).matches()
                && (!NUMERIC_LAST_LABEL.matcher(text).matches() || IpAddresses.parse(text).isPresent());
    }

    /** A decimal number > 0, e.g. 0.5 or 2. */
    Optional<Double> positiveNumber(YamlNode node, String path, String expected) {
        if (node instanceof YamlNode.Scalar scalar && DECIMAL_NUMBER.matcher(scalar.text()).matches()) {
            double value = Double.parseDouble(scalar.text());
            if (value > 0 && Double.isFinite(value)) {
                return Optional.of(value);
            }
        }
        problems.invalid(node, path, expected);
        return Optional.empty();
    }

    Optional<Duration> positiveDuration(YamlNode node, String path) {
        return duration(node, path).flatMap(duration -> {
            if (duration.isPositive()) {
                return Optional.of(duration);
            }
            problems.invalid(node, path, "a duration > 0, like 2s, 1m30s or 500ms");
            return Optional.empty();
        });
    }

    /** A duration of 0 or more. */
    Optional<Duration> duration(YamlNode node, String path) {
        Optional<String> text = string(node, path, Durations.EXPECTED);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(text.get()));
        } catch (IllegalArgumentException e) {
            problems.invalid(node, path, Durations.EXPECTED);
            return Optional.empty();
        }
    }

    /** A size of at least {@code minBytes}; {@code expected} says so. */
    Optional<Long> size(YamlNode node, String path, long minBytes, String expected) {
        Optional<String> text = string(node, path, Sizes.EXPECTED);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long bytes = Sizes.parse(text.get());
            if (bytes >= minBytes) {
                return Optional.of(bytes);
            }
            problems.invalid(node, path, expected);
        } catch (IllegalArgumentException e) {
            problems.invalid(node, path, Sizes.EXPECTED);
        }
        return Optional.empty();
    }

    /** A host path, absolute or relative to {@code base}, made absolute and normal. */
    Optional<Path> hostPath(YamlNode node, String path, Path base, String expected) {
        Optional<String> text = string(node, path, expected);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(base.resolve(text.get()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            problems.invalid(node, path, expected);
            return Optional.empty();
        }
    }

    /**
     * A path of a file or directory the app's file names for Moor to read (a build context, a secret file): like
     * {@link #hostPath}, and with {@link FileAccess#UPLOADED} inside {@code base}, the only directory a remote server
     * receives.
     */
    Optional<Path> appPath(YamlNode node, String path, Path base, FileAccess access, String expected) {
        return hostPath(node, path, base, expected).flatMap(resolved -> {
            Path normalBase = base.toAbsolutePath().normalize();
            if (access == FileAccess.UPLOADED && !resolved.startsWith(normalBase)) {
                problems.invalid(node, path, "a path inside " + normalBase + ", the file's directory (a remote server"
                        + " receives that directory only)");
                return Optional.empty();
            }
            return Optional.of(resolved);
        });
    }

    /** A list of scalars, or one string split on whitespace ({@code httpd -f -p 80}). */
    Optional<List<String>> words(YamlNode node, String path) {
        String expected = "a list of strings, or one string of words separated by spaces";
        if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Scalar.Type.STRING) {
            String trimmed = scalar.text().strip();
            return Optional.of(trimmed.isEmpty() ? List.of() : Arrays.asList(WHITESPACE.split(trimmed)));
        }
        return strings(node, path, expected);
    }

    /** A list of scalars, each as written. */
    Optional<List<String>> strings(YamlNode node, String path, String expected) {
        if (!(node instanceof YamlNode.Sequence sequence)) {
            problems.invalid(node, path, expected);
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < sequence.items().size(); i++) {
            Optional<String> value = string(sequence.items().get(i), KeyPath.index(path, i), "a string");
            value.ifPresent(values::add);
            valid &= value.isPresent();
        }
        return valid ? Optional.of(values) : Optional.empty();
    }

    /** A map whose keys match {@code keyPattern} and whose values are scalars, taken as strings. */
    Optional<Map<String, String>> stringMap(YamlNode node, String path, String expected, Pattern keyPattern,
                                            String keyExpected) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problems.invalid(node, path, expected);
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        boolean valid = true;
        for (YamlNode.Entry entry : mapping.entries()) {
            String entryPath = KeyPath.child(path, entry.key());
            if (!keyPattern.matcher(entry.key()).matches()) {
                problems.invalid(entry.keyPosition(), entryPath, entry.key(), keyExpected);
                valid = false;
            }
            Optional<String> value = string(entry.value(), entryPath, "a value (write \"\" for an empty string)");
            value.ifPresent(text -> values.put(entry.key(), text));
            valid &= value.isPresent();
        }
        return valid ? Optional.of(values) : Optional.empty();
    }
}
