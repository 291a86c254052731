package dev.moor.edge.compression;

import dev.moor.edge.NettyLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NettyLeaks.class)
class EncoderTest {
    static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;
    static final Compression COMPRESSION = Compression.builder().build();
    static final byte[] PAGE = page();

    @ParameterizedTest
    @EnumSource(Coding.class)
    void aRealPageInOneChunkRoundTripsAndShrinks(Coding coding) {
        byte[] encoded = encode(COMPRESSION.encoder(coding, ALLOCATOR, PAGE.length), List.of(PAGE));

        assertThat(Decoding.decode(coding, encoded)).isEqualTo(PAGE);
        assertThat(encoded.length).isLessThan(PAGE.length / 2);
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void eachSmallChunkCanBeDecodedAsSoonAsItIsEncoded(Coding coding) {
        Random random = new Random(17);
        Encoder encoder = COMPRESSION.encoder(coding, ALLOCATOR, -1);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (Decoding.Incremental decoder = Decoding.incremental(coding)) {
            int offset = 0;
            while (offset < PAGE.length) {
                int size = Math.min(PAGE.length - offset, 1 + random.nextInt(300));
                byte[] chunk = Arrays.copyOfRange(PAGE, offset, offset + size);
                byte[] output = bytes(encoder.encode(direct(chunk)));
                encoded.writeBytes(output);

                assertThat(decoder.feed(output)).as("chunk at %d", offset).isEqualTo(chunk);
                offset += size;
            }
        }
        encoded.writeBytes(bytes(encoder.finish()));

        assertThat(Decoding.decode(coding, encoded.toByteArray())).isEqualTo(PAGE);
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void randomBytesRoundTripInOneChunkAndInMany(Coding coding) {
        byte[] body = new byte[200 * 1024];
        new Random(5).nextBytes(body);

        byte[] whole = encode(COMPRESSION.encoder(coding, ALLOCATOR, body.length), List.of(body));
        byte[] chunked = encode(COMPRESSION.encoder(coding, ALLOCATOR, -1), split(body, 7 * 1024));

        assertThat(Decoding.decode(coding, whole)).isEqualTo(body);
        assertThat(Decoding.decode(coding, chunked)).isEqualTo(body);
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void anEmptyBodyIsAValidStreamAndAnEmptyChunkAddsNothing(Coding coding) {
        Encoder empty = COMPRESSION.encoder(coding, ALLOCATOR, 0);
        Encoder withEmptyChunks = COMPRESSION.encoder(coding, ALLOCATOR, -1);
        ByteBuf nothing = withEmptyChunks.encode(ALLOCATOR.directBuffer(16));
        assertThat(nothing.readableBytes()).isZero();
        nothing.release();

        byte[] encoded = encode(withEmptyChunks, List.of(new byte[0], PAGE, new byte[0]));

        assertThat(Decoding.decode(coding, bytes(empty.finish()))).isEmpty();
        assertThat(Decoding.decode(coding, encoded)).isEqualTo(PAGE);
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void compositeAndHeapChunksAreReadWhereTheyAre(Coding coding) {
        Encoder encoder = COMPRESSION.encoder(coding, ALLOCATOR, -1);
        CompositeByteBuf composite = ALLOCATOR.compositeDirectBuffer();
        composite.addComponent(true, direct(Arrays.copyOfRange(PAGE, 0, 1000)));
        composite.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(PAGE, 1000, 5000)));
        composite.addComponent(true, direct(Arrays.copyOfRange(PAGE, 5000, 9000)));

        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        encoded.writeBytes(bytes(encoder.encode(composite)));
        encoded.writeBytes(bytes(encoder.encode(Unpooled.wrappedBuffer(PAGE, 9000, PAGE.length - 9000))));
        encoded.writeBytes(bytes(encoder.finish()));

        assertThat(composite.refCnt()).isZero();
        assertThat(Decoding.decode(coding, encoded.toByteArray())).isEqualTo(PAGE);
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void aStreamWithoutItsEndDoesNotDecode(Coding coding) {
        Encoder encoder = COMPRESSION.encoder(coding, ALLOCATOR, -1);
        byte[] cutShort = bytes(encoder.encode(direct(PAGE)));
        encoder.release();

        assertThatThrownBy(() -> Decoding.decode(coding, cutShort)).isInstanceOf(UncheckedIOException.class);
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void afterFinishOrReleaseAnEncoderRefusesChunksAndStillReleasesThem(Coding coding) {
        Encoder finished = COMPRESSION.encoder(coding, ALLOCATOR, -1);
        finished.finish().release();
        Encoder released = COMPRESSION.encoder(coding, ALLOCATOR, -1);
        released.release();
        released.release();
        finished.release();
        ByteBuf late = direct(PAGE);
        ByteBuf later = direct(PAGE);

        assertThatThrownBy(() -> finished.encode(late))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(coding.token() + " encoder: already finished or released");
        assertThatThrownBy(() -> released.encode(later)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(released::finish).isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).isZero();
        assertThat(later.refCnt()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void anAbandonedStreamLeavesNothingBehindForTheNextOnTheThread(Coding coding) {
        for (int round = 0; round < 3; round++) {
            Encoder abandoned = COMPRESSION.encoder(coding, ALLOCATOR, -1);
            abandoned.encode(direct(Arrays.copyOfRange(PAGE, 0, 7000))).release();
            abandoned.release();

            byte[] encoded = encode(COMPRESSION.encoder(coding, ALLOCATOR, -1), split(PAGE, 4096));

            assertThat(Decoding.decode(coding, encoded)).isEqualTo(PAGE);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Coding.class, names = {"ZSTD", "BROTLI"})
    void aBodyLongerThanItsContentLengthSaidStillRoundTrips(Coding coding) {
        byte[] body = new byte[300 * 1024];
        for (int i = 0; i < body.length; i += PAGE.length) {
            System.arraycopy(PAGE, 0, body, i, Math.min(PAGE.length, body.length - i));
        }

        byte[] encoded = encode(COMPRESSION.encoder(coding, ALLOCATOR, 1000), split(body, 16 * 1024));

        assertThat(Decoding.decode(coding, encoded)).isEqualTo(body);
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void theLevelsAreThoseConfigured(Coding coding) {
        Compression fastest = Compression.builder().gzipLevel(1).zstdLevel(1).brotliQuality(0).build();
        Compression smallest = Compression.builder().gzipLevel(9).zstdLevel(19).brotliQuality(11).build();

        byte[] fast = encode(fastest.encoder(coding, ALLOCATOR, PAGE.length), List.of(PAGE));
        byte[] small = encode(smallest.encoder(coding, ALLOCATOR, PAGE.length), List.of(PAGE));

        assertThat(small.length).isLessThan(fast.length);
        assertThat(Decoding.decode(coding, fast)).isEqualTo(PAGE);
        assertThat(Decoding.decode(coding, small)).isEqualTo(PAGE);
    }

    /** Encodes each chunk, then finishes: the whole compressed stream. */
    static byte[] encode(Encoder encoder, List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (byte[] chunk : chunks) {
                out.writeBytes(bytes(encoder.encode(direct(chunk))));
            }
            out.writeBytes(bytes(encoder.finish()));
        } finally {
            encoder.release();
        }
        return out.toByteArray();
    }

    static List<byte[]> split(byte[] body, int size) {
        List<byte[]> chunks = new ArrayList<>();
        for (int offset = 0; offset < body.length; offset += size) {
            chunks.add(Arrays.copyOfRange(body, offset, Math.min(body.length, offset + size)));
        }
        return chunks;
    }

    static ByteBuf direct(byte[] bytes) {
        return ALLOCATOR.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** The readable bytes of {@code buffer}, which is released. */
    static byte[] bytes(ByteBuf buffer) {
        try {
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    static byte[] page() {
        try (InputStream in = EncoderTest.class.getResourceAsStream("page.html")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
