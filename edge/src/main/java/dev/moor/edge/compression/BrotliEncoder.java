package dev.moor.edge.compression;

import com.aayushatharva.brotli4j.encoder.Encoder.Mode;
import com.aayushatharva.brotli4j.encoder.EncoderJNI;
import com.aayushatharva.brotli4j.encoder.EncoderJNI.Operation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.compression.CompressionException;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Brotli (RFC 7932) over brotli4j's streaming encoder: input is copied into the encoder's native buffer, output read
 * from the native buffer it hands back. The library cannot reset an encoder, so each response creates its own.
 */
final class BrotliEncoder extends StreamEncoder {
    private static final int INPUT_BUFFER = 16 * 1024;
    private static final int SMALLEST_WINDOW_LOG = 10;

    private final EncoderJNI.Wrapper encoder;
    private final ByteBuffer input;

    BrotliEncoder(ByteBufAllocator allocator, int quality, long contentLength) {
        super(allocator);
        try {
            encoder = new EncoderJNI.Wrapper(INPUT_BUFFER, quality, windowLog(contentLength, SMALLEST_WINDOW_LOG),
                    Mode.GENERIC);
        } catch (IOException e) {
            throw new CompressionException("br encoder: " + e.getMessage(), e);
        }
        input = encoder.getInputBuffer();
    }

    @Override
    public Coding coding() {
        return Coding.BROTLI;
    }

    @Override
    void compress(ByteBuf in, ByteBuf out) {
        int index = in.readerIndex();
        int end = in.writerIndex();
        while (index < end) {
            int count = Math.min(end - index, input.capacity());
            input.clear();
            in.getBytes(index, input.limit(count));
            index += count;
            push(index == end ? Operation.FLUSH : Operation.PROCESS, count, out);
        }
    }

    @Override
    void end(ByteBuf out) {
        push(Operation.FINISH, 0, out);
        while (!encoder.isFinished()) {
            push(Operation.FINISH, 0, out);
        }
    }

    @Override
    void free(boolean reusable) {
        encoder.destroy();
    }

    /** Hands {@code count} bytes of the input buffer over with {@code operation}, and takes what comes out. */
    private void push(Operation operation, int count, ByteBuf out) {
        encoder.push(operation, count);
        while (true) {
            if (!encoder.isSuccess()) {
                throw new CompressionException("br encoder: the library failed");
            }
            if (encoder.hasMoreOutput()) {
                out.writeBytes(encoder.pull());
            } else if (encoder.hasRemainingInput()) {
                encoder.push(operation, 0);
            } else {
                return;
            }
        }
    }
}
