package dev.moor.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpWireTest {

    @Test
    void readsAHeadAndALengthFramedBody() throws IOException {
        HttpWire.ResponseReader reader = new HttpWire.ResponseReader(
                new ScriptedChannel("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));

        HttpWire.Head head = reader.readHead("GET");
        byte[] body = new byte[16];

        assertThat(head.status()).isEqualTo(200);
        assertThat(new String(body, 0, reader.readBody(body), StandardCharsets.ISO_8859_1)).isEqualTo("ok");
        assertThat(reader.readBody(body)).isEqualTo(-1);
    }

    @Test
    void aServerThatClosesBeforeAnsweringIsReportedSoWhetherItEndedOrResetTheConnection() {
        assertThatThrownBy(() -> new HttpWire.ResponseReader(new ScriptedChannel()).readHead("GET"))
                .isInstanceOf(EOFException.class)
                .hasMessage("closed the connection without answering");
        assertThatThrownBy(() -> new HttpWire.ResponseReader(new ScriptedChannel(reset())).readHead("GET"))
                .isInstanceOf(EOFException.class)
                .hasMessage("closed the connection without answering (reset)")
                .hasCauseInstanceOf(SocketException.class);
    }

    @Test
    void aResetInTheMiddleOfTheHeadStaysAFailureOfTheConnection() {
        ScriptedChannel channel = new ScriptedChannel("HTTP/1.1 200 OK\r\nContent-Le", reset());

        assertThatThrownBy(() -> new HttpWire.ResponseReader(channel).readHead("GET"))
                .isInstanceOf(SocketException.class)
                .hasMessage("Connection reset");
    }

    private static SocketException reset() {
        return new SocketException("Connection reset");
    }

    /** Hands out each text in turn, throws each exception when its turn comes, then reports the end. */
    private static final class ScriptedChannel implements ReadableByteChannel {

        private final Deque<Object> steps = new ArrayDeque<>();

        ScriptedChannel(Object... steps) {
            this.steps.addAll(List.of(steps));
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            Object step = steps.poll();
            if (step == null) {
                return -1;
            }
            if (step instanceof IOException failure) {
                throw failure;
            }
            byte[] bytes = ((String) step).getBytes(StandardCharsets.ISO_8859_1);
            destination.put(bytes);
            return bytes.length;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
