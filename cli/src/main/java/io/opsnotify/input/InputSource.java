package io.opsnotify.input;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import io.opsnotify.notifier.base.SafeText;
import io.opsnotify.notifier.config.YamlWalk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The value of a file option, as the AWS CLI takes it: a plain path, {@code file://path}
 * ({@code file:///abs/path} or {@code file://relative/path}) or {@code -} for standard input.
 * Reading is bounded: a file option never reads more than it is allowed to hold.
 */
public final class InputSource {
    /** The bound for a file option that states none (config files, events: far below this). */
    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

    /**
     * The bound for an event file (--event-file) or an SNS notification (--sns-message): an SNS
     * message is at most 256 KB, and the envelope Lambda delivers it in (Records[0].Sns with its
     * attributes, signature and URLs) adds a few KB; 64 KiB of room for that.
     */
    public static final int EVENT_MAX_BYTES = 256 * 1024 + 64 * 1024;

    private static final Path DEV_STDIN = Path.of("/dev/stdin");

    // standard input can be read only once: kept for a second reader in the same run (per System.in, for tests)
    private static InputStream stdinRead;
    private static byte[] stdinBytes;

    private final String label;
    private final Path path; // null for standard input

    private InputSource(String label, Path path) {
        this.label = label;
        this.path = path;
    }

    public static InputSource of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a file name, file://PATH or - (standard input)");
        }
        if (value.equals("-")) {
            return new InputSource("standard input", null);
        }
        if (value.regionMatches(true, 0, "file://", 0, 7)) {
            String rest = value.substring(7);
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("file:// needs a path, e.g. file://policy.json or file:///tmp/policy.json");
            }
            if (rest.startsWith("/")) {
                try {
                    return new InputSource(value, Path.of(URI.create("file://" + rest))); // %20 and friends decoded
                } catch (IllegalArgumentException e) {
                    return new InputSource(value, Path.of(rest)); // not a valid URI: the path as written, like the AWS CLI
                }
            }
            return new InputSource(value, Path.of(rest));
        }
        return new InputSource(value, Path.of(value));
    }

    /**
     * A {@code Path} option's value (the CLI's path converter turns {@code -} into /dev/stdin) to read
     * with a bound: /dev/stdin is standard input, read through {@link #readBytes} like any file.
     */
    public static InputSource of(Path path) {
        return path.equals(DEV_STDIN) ? new InputSource("standard input", null) : new InputSource(path.toString(), path);
    }

    /**
     * A configuration file's text (UTF-8), at most the notifier's configuration limit
     * ({@link YamlWalk#MAX_FILE_BYTES}, 1 MiB), whether a file or standard input.
     *
     * @throws TooLargeException (invalid input, exit 2) having read one byte more than the limit
     * @throws UnreadableException (invalid input, exit 2) naming {@code option} and the file
     */
    public static String configText(String option, Path file) throws IOException {
        try {
            return new String(of(file).readBytes(option, YamlWalk.MAX_FILE_BYTES), StandardCharsets.UTF_8);
        } catch (TooLargeException e) {
            throw new TooLargeException(e.getMessage() + " (1 MiB): a configuration is far smaller");
        }
    }

    public boolean isStdin() {
        return path == null;
    }

    /** The file, or null for standard input. */
    public Path path() {
        return path;
    }

    /** For messages: the path, or "standard input" (escaped, so a file name cannot forge output). */
    @Override
    public String toString() {
        return SafeText.line(path == null ? label : path.toString());
    }

    /** Thrown when the input is larger than its option allows; nothing beyond the bound was read. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Thrown when a file option's file cannot be read at all (no such file, a directory, no
     * permission): invalid input (exit 2), one line naming the option and the path.
     */
    public static final class UnreadableException extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean missing;

        UnreadableException(String message, boolean missing) {
            super(message);
            this.missing = missing;
        }

        /** The file does not exist (callers may add a hint, e.g. which other options do without it). */
        public boolean missing() {
            return missing;
        }
    }

    /**
     * {@link #readBytes(int)} for the option {@code option}: a file that cannot be read is an
     * {@link UnreadableException} "OPTION PATH: why" (why: no such file, is a directory,
     * permission denied, or the system's reason), never a bare exception.
     */
    public byte[] readBytes(String option, int maxBytes) throws IOException {
        if (path != null && Files.isDirectory(path)) {
            throw new UnreadableException(option + " " + this + ": is a directory, not a file", false);
        }
        try {
            return readBytes(maxBytes);
        } catch (TooLargeException e) {
            throw new TooLargeException(option + " " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UnreadableException(option + " " + this + ": no such file", true);
        } catch (AccessDeniedException e) {
            throw new UnreadableException(option + " " + this + ": permission denied", false);
        } catch (UnreadableException e) {
            throw e;
        } catch (IOException e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            throw new UnreadableException(option + " " + this + ": cannot read: " + SafeText.line(why), false);
        }
    }

    /** The bytes, at most {@code maxBytes}, else {@link TooLargeException} having read only one byte more. */
    public byte[] readBytes(int maxBytes) throws IOException {
        if (path == null) {
            synchronized (InputSource.class) {
                if (stdinBytes == null || stdinRead != System.in) {
                    stdinRead = System.in;
                    stdinBytes = readAtMost(System.in, maxBytes);
                }
                return checked(stdinBytes, maxBytes);
            }
        }
        try (InputStream in = Files.newInputStream(path)) {
            return checked(readAtMost(in, maxBytes), maxBytes);
        }
    }

    /**
     * The text (UTF-8), at most {@code maxChars} characters (code points). Reads at most
     * 4 × maxChars + 1 bytes, so a huge input is refused without being read.
     */
    public String readString(int maxChars) throws IOException {
        return readString(null, maxChars);
    }

    /** {@link #readString(int)}; with an option name, a file that cannot be read is an {@link UnreadableException}. */
    public String readString(String option, int maxChars) throws IOException {
        int maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, 4L * maxChars);
        byte[] bytes;
        try {
            bytes = option == null ? readBytes(maxBytes) : readBytes(option, maxBytes);
        } catch (TooLargeException e) {
            throw new TooLargeException(this + " is longer than " + maxChars + " characters");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(this + " is not UTF-8 text");
        }
        if (text.codePointCount(0, text.length()) > maxChars) {
            throw new TooLargeException(this + " is longer than " + maxChars + " characters");
        }
        return text;
    }

    public String readString() throws IOException {
        return readString(DEFAULT_MAX_BYTES);
    }

    private static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf, 0, (int) Math.min(buf.length, maxBytes + 1L - total))) > 0) {
            out.write(buf, 0, n);
            total += n;
            if (total > maxBytes) {
                break;
            }
        }
        return out.toByteArray();
    }

    private byte[] checked(byte[] bytes, int maxBytes) throws TooLargeException {
        if (bytes.length > maxBytes) {
            throw new TooLargeException(this + " is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }
}
