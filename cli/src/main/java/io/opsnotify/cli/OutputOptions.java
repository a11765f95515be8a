package io.opsnotify.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.notifier.base.SafeText;
import picocli.CommandLine.Option;

/** {@code --output text|json}, as in the AWS CLI. */
public final class OutputOptions {
    public enum Format { text, json }

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    public boolean json() {
        return format == Format.json;
    }

    /**
     * The mapper for {@code --output json}: besides JSON's own escapes (C0, quote, backslash),
     * every character {@link SafeText} would escape (C1, bidi and other format characters,
     * separators, surrogates, private-use, unassigned) is written as {@code \}{@code uXXXX}; the
     * JSON means the same, and no raw control character reaches a terminal or a log.
     */
    public static ObjectMapper jsonMapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
        return m;
    }

    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // called per UTF-16 unit: a surrogate (half of a supplementary character) is always escaped
            return SafeText.isSafeLine(String.valueOf((char) ch)) ? null : new SerializedString(String.format("\\u%04X", ch));
        }
    }
}
