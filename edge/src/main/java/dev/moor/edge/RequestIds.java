package dev.moor.edge;

import io.netty.util.AsciiString;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: 128 random bits as 32 hex digits, from the calling thread's own generator
 * ({@code UUID.randomUUID()} would take a lock on a shared secure random for every request).
 */
final class RequestIds {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RequestIds() {}

    static AsciiString next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] id = new byte[32];
        fill(id, 0, random.nextLong());
        fill(id, 16, random.nextLong());
        return new AsciiString(id, false);
    }

    private static void fill(byte[] out, int offset, long bits) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
