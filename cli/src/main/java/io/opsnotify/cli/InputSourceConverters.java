package io.opsnotify.cli;

import io.opsnotify.input.InputSource;
import java.nio.file.Path;
import picocli.CommandLine;

/** picocli's side of {@link InputSource}: the converters every file option goes through. */
final class InputSourceConverters {
    private InputSourceConverters() {
    }

    /**
     * For every {@code Path} option (all of them name files to read: --config, --event-file,
     * --sns-message): the same three forms; {@code -} becomes {@code /dev/stdin} (Linux, macOS),
     * which {@link InputSource#of(Path)} reads as standard input, bounded like the file.
     */
    static final class PathConverter implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            InputSource source = new SourceConverter().convert(value);
            return source.isStdin() ? Path.of("/dev/stdin") : source.path();
        }
    }

    /** For picocli: an {@code InputSource} option (registered for every command by {@link Opsnotify}). */
    static final class SourceConverter implements CommandLine.ITypeConverter<InputSource> {
        @Override
        public InputSource convert(String value) {
            try {
                return InputSource.of(value);
            } catch (IllegalArgumentException e) { // InvalidPathException too
                throw new CommandLine.TypeConversionException("'" + value + "' is not a file name, file://PATH or -: "
                        + e.getMessage());
            }
        }
    }
}
