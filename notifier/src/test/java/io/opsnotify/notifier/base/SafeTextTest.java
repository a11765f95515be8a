package io.opsnotify.notifier.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"\u001b[2J", "a\rb", "a\nb", "\u0007", "\u0085", "\u009b31m", "\u202e", "\u2066", "\u200f",
        "\u2028", "\u061c", "\u007f", "\ud800", "\ue000", "\ufeff"})
    void line_shouldEscapeEveryControlFormatAndSeparatorCharacter(String hostile) {
        String safe = SafeText.line("x" + hostile + "y");

        assertThat(safe).startsWith("x").endsWith("y").contains("\\u");
        assertThat(safe.codePoints()).allMatch(cp -> cp >= 0x20 && cp < 0x7f);
    }

    @Test
    void line_shouldKeepPrintableTextUnchanged_includingNonAsciiAndBackslash() {
        String text = "Zoë's café — 注文 #42 \\ 😀 <!channel>";

        assertThat(SafeText.line(text)).isSameAs(text);
        assertThat(SafeText.isSafeLine(text)).isTrue();
    }

    @Test
    void line_shouldNameTheEscapedCodePoint() {
        assertThat(SafeText.line("a\u001bb")).isEqualTo("a\\u001Bb");
        assertThat(SafeText.line("\udb40\udc01")).isEqualTo("\\uDB40\\uDC01"); // language tag, a FORMAT character
    }

    @Test
    void block_shouldKeepNewlineAndTab_butEscapeCarriageReturnAndEsc() {
        assertThat(SafeText.block("a\n\tb\r\u001b[1Ac")).isEqualTo("a\n\tb\\u000D\\u001B[1Ac");
    }

    @Test
    void line_shouldReturnEmpty_forNull() {
        assertThat(SafeText.line(null)).isEmpty();
        assertThat(SafeText.isSafeLine(null)).isTrue();
    }
}
