package dev.moor.spec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/** IP address literals as a spec writes them: IPv4 in dotted-quad form, IPv6 in its colon form without zone. */
final class IpAddresses {
    private IpAddresses() {}

    /**
     * The address {@code text} writes, or empty when it is none. Unlike {@link InetAddress#ofLiteral}, IPv4 needs
     * all four numbers ({@code 10.1} is no address here) and an IPv6 literal stays IPv6 ({@code ::ffff:10.0.0.1}
     * is refused, for it would silently become IPv4), without zone or brackets ({@code [::1]} is the form of a URL).
     */
    static Optional<InetAddress> parse(String text) {
        boolean v6 = text.contains(":");
        if (v6 ? text.contains("%") || text.contains("[") || text.contains("]")
                : !Names.DOTTED_QUAD.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.ofLiteral(text);
            return v6 == (address instanceof Inet6Address) ? Optional.of(address) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
