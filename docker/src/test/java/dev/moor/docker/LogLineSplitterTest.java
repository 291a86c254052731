package dev.moor.docker;

import dev.moor.engine.runtime.LogLine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.moor.engine.runtime.LogLine.Stream.STDERR;
import static dev.moor.engine.runtime.LogLine.Stream.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;

class LogLineSplitterTest {

    private final List<LogLine> lines = new ArrayList<>();
    private final LogLineSplitter splitter = new LogLineSplitter("c1", lines::add);

    @Test
    void keepsEachStreamsUnfinishedLineUntilItsNewline() {
        splitter.accept(STDOUT, bytes("GET /a 200\nGET /b"));
        splitter.accept(STDERR, bytes("warn"));
        splitter.accept(STDOUT, bytes(" 404\n"));
        splitter.accept(STDERR, bytes("ing: slow\r\n\n"));

        assertThat(lines).containsExactly(
                new LogLine("c1", STDOUT, "GET /a 200"),
                new LogLine("c1", STDOUT, "GET /b 404"),
                new LogLine("c1", STDERR, "warning: slow"),
                new LogLine("c1", STDERR, ""));
    }

    @Test
    void joinsCharactersSplitBetweenChunks() {
        byte[] text = bytes("Grüße ☃\n");
        splitter.accept(STDOUT, Arrays.copyOfRange(text, 0, 3));
        splitter.accept(STDOUT, Arrays.copyOfRange(text, 3, 9));
        splitter.accept(STDOUT, Arrays.copyOfRange(text, 9, text.length));

        assertThat(lines).containsExactly(new LogLine("c1", STDOUT, "Grüße ☃"));
    }

    @Test
    void flushesWhatIsLeftAtTheEnd() {
        splitter.accept(STDOUT, bytes("done\nno newline"));
        splitter.flush();
        splitter.flush();

        assertThat(lines).containsExactly(new LogLine("c1", STDOUT, "done"), new LogLine("c1", STDOUT, "no newline"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
