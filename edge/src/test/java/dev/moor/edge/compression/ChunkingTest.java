package dev.moor.edge.compression;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.moor.edge.compression.EncoderTest.ALLOCATOR;
import static dev.moor.edge.compression.EncoderTest.COMPRESSION;
import static dev.moor.edge.compression.EncoderTest.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

/** However a body arrives in chunks, its compressed stream decodes to the same bytes. */
class ChunkingTest {
    @Property(tries = 400, edgeCases = EdgeCasesMode.MIXIN)
    void anyChunkingDecodesToTheSameBody(@ForAll Coding coding, @ForAll("bodies") byte[] body,
                                         @ForAll @Size(max = 20) List<@IntRange(max = 6000) Integer> sizes) {
        List<byte[]> chunks = new ArrayList<>();
        int offset = 0;
        for (int size : sizes) {
            int end = Math.min(body.length, offset + size);
            chunks.add(Arrays.copyOfRange(body, offset, end));
            offset = end;
        }
        chunks.add(Arrays.copyOfRange(body, offset, body.length));

        byte[] encoded = EncoderTest.encode(COMPRESSION.encoder(coding, ALLOCATOR, -1), chunks);

        assertThat(Decoding.decode(coding, encoded)).isEqualTo(body);
    }

    /** Text (parts of a real page), random bytes, and long runs of one byte, up to 40 KiB. */
    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> text = Arbitraries.integers().between(0, PAGE.length)
                .flatMap(start -> Arbitraries.integers().between(start, PAGE.length)
                        .map(end -> Arrays.copyOfRange(PAGE, start, end)));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(40 * 1024);
        Arbitrary<byte[]> runs = Arbitraries.integers().between(0, 40 * 1024).map(length -> {
            byte[] run = new byte[length];
            Arrays.fill(run, (byte) 'a');
            return run;
        });
        return Arbitraries.oneOf(text, random, runs);
    }
}
