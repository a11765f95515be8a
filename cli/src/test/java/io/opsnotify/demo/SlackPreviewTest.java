package io.opsnotify.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SlackPreviewTest {
    @Test
    void display_shouldShowEscapedValuesAsPlainText() {
        assertThat(SlackPreview.display("by &lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;"))
                .isEqualTo("by <!channel> & <https://evil.example|bank>");
    }

    @Test
    void display_shouldRenderTheTemplatesOwnMarkup() {
        assertThat(SlackPreview.display("<!here> see <https://admin.example.com/o/1|order 1> <@U1>"))
                .isEqualTo("@here [real mention] see order 1 (https://admin.example.com/o/1) @U1 [real mention]");
    }

    @Test
    void display_shouldNotDoubleUnescape() {
        assertThat(SlackPreview.display("&amp;lt;")).isEqualTo("&lt;");
    }

    @Test
    void lines_shouldListHeaderFieldsAndContext() throws Exception {
        var payload = new ObjectMapper().readTree("""
                {"text":"t","blocks":[{"type":"header","text":{"type":"plain_text","text":"H"}},
                 {"type":"section","fields":[{"type":"mrkdwn","text":"a"},{"type":"mrkdwn","text":"b"}]},
                 {"type":"context","elements":[{"type":"mrkdwn","text":"c1"},{"type":"mrkdwn","text":"c2"}]},
                 {"type":"divider"}]}""");

        assertThat(SlackPreview.lines(payload)).containsExactly("*H*", "a", "b", "  c1  c2", "  ────────");
    }
}
