package dev.moor.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AsciiString;

import java.util.Arrays;

/**
 * Builds a message head (start line and header lines) in a reusable array, then copies it into one pooled
 * buffer: a bulk copy instead of a bounds-checked write per character into direct memory. One per event loop.
 */
final class HeadBuilder {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SEPARATOR = {':', ' '};

    private byte[] bytes = new byte[8192];
    private int length;

    HeadBuilder start() {
        length = 0;
        return this;
    }

    HeadBuilder ascii(CharSequence text) {
        int n = text.length();
        ensure(n);
        if (text instanceof AsciiString ascii) {
            System.arraycopy(ascii.array(), ascii.arrayOffset(), bytes, length, n);
        } else {
            for (int i = 0; i < n; i++) {
                bytes[length + i] = (byte) text.charAt(i);
            }
        }
        length += n;
        return this;
    }

    HeadBuilder bytes(byte[] source) {
        ensure(source.length);
        System.arraycopy(source, 0, bytes, length, source.length);
        length += source.length;
        return this;
    }

    HeadBuilder bytes(byte[] source, int index, int count) {
        ensure(count);
        System.arraycopy(source, index, bytes, length, count);
        length += count;
        return this;
    }

    /** Appends the readable bytes of {@code source}, leaving its reader index. */
    HeadBuilder bytes(ByteBuf source) {
        int count = source.readableBytes();
        ensure(count);
        source.getBytes(source.readerIndex(), bytes, length, count);
        length += count;
        return this;
    }

    HeadBuilder status(int code) {
        ensure(3);
        bytes[length++] = (byte) ('0' + code / 100);
        bytes[length++] = (byte) ('0' + code / 10 % 10);
        bytes[length++] = (byte) ('0' + code % 10);
        return this;
    }

    HeadBuilder crlf() {
        return bytes(CRLF);
    }

    /** {@code name: value CRLF}. */
    HeadBuilder header(CharSequence name, CharSequence value) {
        return ascii(name).bytes(SEPARATOR).ascii(value).crlf();
    }

    ByteBuf toBuffer(ByteBufAllocator allocator) {
        ByteBuf buffer = allocator.directBuffer(length);
        buffer.writeBytes(bytes, 0, length);
        return buffer;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
