package dev.moor.snapshot.channel;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageReaderTest {
    private static MessageReader reader(String text, int maxLineBytes) {
        return new MessageReader(Channels.newChannel(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))),
                maxLineBytes);
    }

    @Test
    void messagesWrittenAreReadInOrderThenTheEnd() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MessageWriter writer = new MessageWriter(Channels.newChannel(bytes));
        writer.write(new Welcome(1, "moor", Duration.ofSeconds(5)));
        writer.write(new Snapshot(MessageCodecTest.snapshot(9)));
        writer.write(new Ping());

        MessageReader reader = reader(bytes.toString(StandardCharsets.UTF_8), 1 << 20);

        assertThat(reader.read()).isEqualTo(new Welcome(1, "moor", Duration.ofSeconds(5)));
        assertThat(reader.read()).isEqualTo(new Snapshot(MessageCodecTest.snapshot(9)));
        assertThat(reader.read()).isEqualTo(new Ping());
        assertThat(reader.read()).isNull();
        assertThat(reader.lineNumber()).isEqualTo(3);
    }

    @Test
    void linesArriveInPiecesOfAnySize() throws Exception {
        String text = MessageCodec.encode(new Snapshot(MessageCodecTest.snapshot(1))) + "\r\n\n"
                + MessageCodec.encode(new Drained(List.of("é-1"))) + "\n";
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        // Three bytes at a time: splits lines, and the two bytes of 'é'.
        ReadableByteChannel trickle = new ReadableByteChannel() {
            int offset;

            @Override
            public int read(ByteBuffer dst) {
                if (offset == all.length) {
                    return -1;
                }
                int n = Math.min(3, Math.min(dst.remaining(), all.length - offset));
                dst.put(all, offset, n);
                offset += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
        MessageReader reader = new MessageReader(trickle, 1 << 20);

        assertThat(reader.read()).isEqualTo(new Snapshot(MessageCodecTest.snapshot(1)));
        assertThat(reader.read()).isEqualTo(new Drained(List.of("é-1")));
        assertThat(reader.read()).isNull();
    }

    @Test
    void aMalformedLineIsReportedWithItsNumber() throws Exception {
        MessageReader reader = reader("{\"type\":\"ping\"}\n{\"type\":\"ping\"}\nnot json\n", 1024);
        reader.read();
        reader.read();

        assertThatThrownBy(reader::read)
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("line 3: ");
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedBeforeItIsBuffered() {
        MessageReader reader = reader("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(200) + "\"}\n", 100);

        assertThatThrownBy(reader::read)
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("line 1: longer than 100 bytes (expected: a message of at most that size)");
    }

    @Test
    void aConnectionThatEndsInTheMiddleOfALineSaysSo() {
        MessageReader reader = reader("{\"type\":\"pi", 1024);

        assertThatThrownBy(reader::read)
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("line 1: the connection ended after 11 bytes of it");
    }
}
