package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalSafeWriterTest {
    @Test
    void write_shouldKeepASurrogatePairWhole_whenItIsSplitAcrossTwoWrites() throws IOException {
        StringWriter sink = new StringWriter();
        TerminalSafeWriter w = new TerminalSafeWriter(sink);
        String emoji = "\uD83D\uDE00";

        w.write("ok " + emoji.charAt(0));
        w.write(new char[] {emoji.charAt(1), '\n'}, 0, 2);
        w.flush();

        assertThat(sink.toString()).isEqualTo("ok " + emoji + "\n");
    }

    @Test
    void write_shouldEscapeControlAndBidiCharacters_butKeepLinesAndTabs() throws IOException {
        StringWriter sink = new StringWriter();
        TerminalSafeWriter w = new TerminalSafeWriter(sink);

        w.write("a\u001b[2J\tb\r\u202ec\n", 0, 11);
        w.flush();

        assertThat(sink.toString()).isEqualTo("a\\u001B[2J\tb\\u000D\\u202Ec\n");
    }

    @Test
    void close_shouldEscapeALoneHighSurrogateLeftAtTheEnd() throws IOException {
        StringWriter sink = new StringWriter();
        TerminalSafeWriter w = new TerminalSafeWriter(sink);

        w.write("x\uD83D");
        w.close();

        assertThat(sink.toString()).isEqualTo("x\\uD83D");
    }
}
