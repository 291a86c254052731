package dev.moor.edge.compression;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/** Decoders for the tests, from the JDK, zstd-jni and brotli4j: whole streams, and streams cut short. */
final class Decoding {
    private Decoding() {}

    /** A whole compressed stream decoded, its end and trailer checked by the library. */
    static byte[] decode(Coding coding, byte[] encoded) {
        try (InputStream in = switch (coding) {
            case GZIP -> new GZIPInputStream(new ByteArrayInputStream(encoded));
            case ZSTD -> new ZstdInputStream(new ByteArrayInputStream(encoded));
            case BROTLI -> new BrotliInputStream(new ByteArrayInputStream(encoded));
        }) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a stream as it arrives: what its bytes so far decode to, without waiting for its end. */
    interface Incremental extends AutoCloseable {
        byte[] feed(byte[] encoded);

        @Override
        void close();
    }

    static Incremental incremental(Coding coding) {
        return switch (coding) {
            case GZIP -> new Gzip();
            case ZSTD -> new Zstd();
            case BROTLI -> new Brotli();
        };
    }

    private static final class Gzip implements Incremental {
        private final Inflater inflater = new Inflater(true);
        private int headerLeft = 10;

        @Override
        public byte[] feed(byte[] encoded) {
            int skip = Math.min(headerLeft, encoded.length);
            headerLeft -= skip;
            inflater.setInput(Arrays.copyOfRange(encoded, skip, encoded.length));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = inflater.inflate(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            } catch (DataFormatException e) {
                throw new IllegalStateException(e);
            }
            return out.toByteArray();
        }

        @Override
        public void close() {
            inflater.end();
        }
    }

    private static final class Zstd implements Incremental {
        private final ZstdDecompressCtx context = new ZstdDecompressCtx();

        @Override
        public byte[] feed(byte[] encoded) {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (true) {
                buffer.clear();
                context.decompressByteBufferStream(buffer, in);
                out.write(buffer.array(), 0, buffer.position());
                if (!in.hasRemaining() && buffer.position() < buffer.capacity()) {
                    return out.toByteArray();
                }
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }

    private static final class Brotli implements Incremental {
        private final DecoderJNI.Wrapper decoder;

        Brotli() {
            try {
                decoder = new DecoderJNI.Wrapper(64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public byte[] feed(byte[] encoded) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int offset = 0;
            ByteBuffer input = decoder.getInputBuffer();
            while (offset < encoded.length) {
                int count = Math.min(encoded.length - offset, input.capacity());
                input.clear();
                input.put(encoded, offset, count);
                offset += count;
                decoder.push(count);
                drain(out);
            }
            return out.toByteArray();
        }

        private void drain(ByteArrayOutputStream out) {
            while (true) {
                switch (decoder.getStatus()) {
                    case NEEDS_MORE_OUTPUT -> pull(out);
                    case OK -> {
                        if (decoder.hasOutput()) {
                            pull(out);
                        } else {
                            decoder.push(0);
                        }
                    }
                    case NEEDS_MORE_INPUT, DONE -> {
                        if (!decoder.hasOutput()) {
                            return;
                        }
                        pull(out);
                    }
                    case ERROR -> throw new IllegalStateException("brotli: invalid stream");
                }
            }
        }

        private void pull(ByteArrayOutputStream out) {
            ByteBuffer pulled = decoder.pull();
            byte[] bytes = new byte[pulled.remaining()];
            pulled.get(bytes);
            out.write(bytes, 0, bytes.length);
        }

        @Override
        public void close() {
            decoder.destroy();
        }
    }
}
