package io.opsnotify.cli;

import io.opsnotify.notifier.base.SafeText;
import java.io.IOException;
import java.io.Writer;
import java.nio.CharBuffer;

/**
 * The one place every line the CLI prints passes through (stdout and stderr, installed by
 * {@link Opsnotify#run}): {@link SafeText#block} keeps LF and TAB and escapes every other
 * control, format (bidi) or unassigned code point, so no value from an event, row, policy,
 * ranges file or AWS error can move the cursor, ring the bell, rewrite a line with CR or reorder
 * what is shown. A surrogate pair split across two writes is held until its second half comes.
 */
final class TerminalSafeWriter extends Writer {
    private final Writer out;
    private char pendingHigh; // 0 when none

    TerminalSafeWriter(Writer out) {
        super(out);
        this.out = out;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        write(CharBuffer.wrap(cbuf, off, len));
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        write(str.subSequence(off, off + len));
    }

    private void write(CharSequence text) throws IOException {
        if (text.length() == 0) {
            return;
        }
        StringBuilder chunk = new StringBuilder(text.length() + 1);
        if (pendingHigh != 0) {
            chunk.append(pendingHigh);
            pendingHigh = 0;
        }
        chunk.append(text);
        escapeAndWrite(chunk);
    }

    private void escapeAndWrite(StringBuilder chunk) throws IOException {
        char last = chunk.charAt(chunk.length() - 1);
        if (Character.isHighSurrogate(last)) {
            pendingHigh = last;
            chunk.setLength(chunk.length() - 1);
        }
        if (chunk.length() > 0) {
            out.write(SafeText.block(chunk));
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (pendingHigh != 0) {
            out.write(SafeText.block(String.valueOf(pendingHigh)));
            pendingHigh = 0;
        }
        out.close();
    }
}
