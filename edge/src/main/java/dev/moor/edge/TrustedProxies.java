package dev.moor.edge;

import dev.moor.snapshot.SnapshotProblem;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The CIDR blocks whose forwarding headers the edge believes, compiled for byte-wise matching. */
final class TrustedProxies {
    static final TrustedProxies NONE = new TrustedProxies(new byte[0][], new int[0]);

    private final byte[][] networks;
    private final int[] prefixLengths;

    private TrustedProxies(byte[][] networks, int[] prefixLengths) {
        this.networks = networks;
        this.prefixLengths = prefixLengths;
    }

    /** Compiles the blocks; a malformed one is skipped and reported in {@code problems}. */
    static TrustedProxies compile(List<String> blocks, List<SnapshotProblem> problems) {
        List<byte[]> networks = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i) == null ? "" : blocks.get(i).strip();
            int slash = block.indexOf('/');
            String address = slash < 0 ? block : block.substring(0, slash);
            byte[] network = address.isEmpty() || address.indexOf(':') < 0 && !NetUtil.isValidIpV4Address(address)
                    ? null : NetUtil.createByteArrayFromIpAddressString(address);
            int bits = network == null ? -1 : network.length * 8;
            int prefix = bits;
            if (network != null && slash >= 0) {
                prefix = parsePrefix(block.substring(slash + 1), bits);
            }
            if (network == null || prefix < 0) {
                problems.add(new SnapshotProblem("forwarding.trustedProxies[" + i + "]",
                        "'" + block + "' (expected: an IPv4 or IPv6 address, optionally with /prefix-length)"));
                continue;
            }
            networks.add(network);
            prefixes.add(prefix);
        }
        if (networks.isEmpty()) {
            return NONE;
        }
        return new TrustedProxies(networks.toArray(byte[][]::new), prefixes.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int parsePrefix(String text, int bits) {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int prefix = Integer.parseInt(text);
        return prefix <= bits ? prefix : -1;
    }

    boolean isEmpty() {
        return networks.length == 0;
    }

    boolean contains(InetAddress address) {
        return networks.length != 0 && contains(address.getAddress());
    }

    /** Whether a textual address (as found in X-Forwarded-For) is trusted; text that is no address is not. */
    boolean containsText(String address) {
        if (networks.length == 0) {
            return false;
        }
        String text = address.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (!NetUtil.isValidIpV4Address(text) && !NetUtil.isValidIpV6Address(text)) {
            return false;
        }
        return contains(NetUtil.createByteArrayFromIpAddressString(text));
    }

    private boolean contains(byte[] address) {
        byte[] candidate = unmapped(address);
        for (int i = 0; i < networks.length; i++) {
            if (matches(networks[i], prefixLengths[i], candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] network, int prefix, byte[] address) {
        byte[] net = unmapped(network);
        int prefixBits = prefix - (network.length - net.length) * 8;
        if (net.length != address.length) {
            return false;
        }
        int whole = Math.max(prefixBits, 0) / 8;
        for (int i = 0; i < whole; i++) {
            if (net[i] != address[i]) {
                return false;
            }
        }
        int rest = Math.max(prefixBits, 0) % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (net[whole] & mask) == (address[whole] & mask);
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as its IPv4 bytes, anything else unchanged. */
    private static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
            return address;
        }
        return new byte[]{address[12], address[13], address[14], address[15]};
    }
}
