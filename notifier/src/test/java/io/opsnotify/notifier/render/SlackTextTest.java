package io.opsnotify.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {
    static final String HOSTILE = "<!channel> & <https://evil.example|bank>";
    static final String ESCAPED = "&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;";
    static final String MARK = SlackText.TRUNCATION_MARK;

    @Test
    void escapeMrkdwn_shouldEscapeAmpersandAndAngleBrackets_whenValueHasMarkup() {
        // act
        String out = SlackText.escapeMrkdwn(HOSTILE);

        // assert
        assertThat(out).isEqualTo(ESCAPED);
    }

    @Test
    void escapeMrkdwn_shouldReturnSameText_whenNothingToEscape() {
        // arrange
        String text = "注文 *42* _by_ \"Ada\" `code` 🎉";

        // act
        String out = SlackText.escapeMrkdwn(text);

        // assert
        assertThat(out).isEqualTo(text);
        assertThat(SlackText.escapeMrkdwn(null)).isEmpty();
    }

    @Test
    void escapeMrkdwn_shouldEscapeAgain_whenValueAlreadyLooksEscaped() {
        // act: a value is data, so "&lt;" from the database is shown as typed, not as "<"
        String out = SlackText.escapeMrkdwn("&lt;!here&gt;");

        // assert
        assertThat(out).isEqualTo("&amp;lt;!here&amp;gt;");
    }

    @Test
    void encodeUrlComponent_shouldPercentEncode_whenValueHasReservedCharacters() {
        // act
        String out = SlackText.encodeUrlComponent("a b&c=d/e?f#g|<h>注");

        // assert
        assertThat(out).isEqualTo("a%20b%26c%3Dd%2Fe%3Ff%23g%7C%3Ch%3E%E6%B3%A8");
        assertThat(SlackText.encodeUrlComponent(null)).isEmpty();
    }

    @Test
    void truncate_shouldReturnTextUnchanged_whenWithinLimit() {
        // arrange
        String text = "x".repeat(100);

        // act + assert
        assertThat(SlackText.truncate(text, 100)).isSameAs(text);
        assertThat(SlackText.truncate(null, 10)).isNull();
    }

    @Test
    void truncate_shouldCutWithVisibleMark_whenTextIsTooLong() {
        // act
        String out = SlackText.truncate("y".repeat(5000), 3000);

        // assert
        assertThat(out).hasSize(3000).endsWith(MARK);
        assertThat(out.substring(0, 3000 - MARK.length())).isEqualTo("y".repeat(3000 - MARK.length()));
    }

    @Test
    void truncate_shouldNotSplitSurrogatePair_whenCutFallsInsideEmoji() {
        // arrange: cut point lands between the two chars of the 🎉 surrogate pair
        int max = 50;
        int keep = max - MARK.length();
        String text = "a".repeat(keep - 1) + "🎉" + "b".repeat(100);

        // act
        String out = SlackText.truncate(text, max);

        // assert
        assertThat(out).isEqualTo("a".repeat(keep - 1) + MARK);
        assertThat(out).hasSizeLessThanOrEqualTo(max);
        assertThat(out.chars().anyMatch(c -> Character.isSurrogate((char) c))).isFalse();
    }

    @Test
    void truncate_shouldKeepWholeEmoji_whenCutFallsRightAfterIt() {
        // arrange
        int max = 50;
        int keep = max - MARK.length();
        String text = "a".repeat(keep - 2) + "🎉" + "b".repeat(100);

        // act
        String out = SlackText.truncate(text, max);

        // assert
        assertThat(out).isEqualTo("a".repeat(keep - 2) + "🎉" + MARK);
    }

    @Test
    void truncate_shouldNotSplitEntity_whenCutFallsInsideAmp() {
        // arrange: keep ends after "&am"
        int max = 60;
        int keep = max - MARK.length();
        String text = "a".repeat(keep - 3) + "&amp;" + "b".repeat(100);

        // act
        String out = SlackText.truncate(text, max);

        // assert
        assertThat(out).isEqualTo("a".repeat(keep - 3) + MARK);
    }

    @Test
    void truncate_shouldKeepEntity_whenEntityEndsBeforeCut() {
        // arrange
        int max = 60;
        int keep = max - MARK.length();
        String text = "a".repeat(keep - 5) + "&amp;" + "b".repeat(100);

        // act
        String out = SlackText.truncate(text, max);

        // assert
        assertThat(out).isEqualTo("a".repeat(keep - 5) + "&amp;" + MARK);
    }

    @Test
    void truncate_shouldNotSplitLink_whenCutFallsInsideAngleBrackets() {
        // arrange: a link the template author wrote, cut in its middle
        int max = 80;
        int keep = max - MARK.length();
        String head = "x".repeat(keep - 10);
        String text = head + "<https://shop.example/orders/42|order 42> and more text after it";

        // act
        String out = SlackText.truncate(text, max);

        // assert
        assertThat(out).isEqualTo(head + MARK);
        assertThat(out).doesNotContain("<");
    }

    @Test
    void truncate_shouldKeepLink_whenLinkClosesBeforeCut() {
        // arrange
        String link = "<https://s.example|s>";
        int max = 80;
        int keep = max - MARK.length();
        String text = "x".repeat(keep - link.length() - 1) + link + "z".repeat(200);

        // act
        String out = SlackText.truncate(text, max);

        // assert
        assertThat(out).contains(link).endsWith("z" + MARK).hasSize(max);
    }

    @Test
    void truncate_shouldStayWithinMax_whenMaxIsShorterThanTheMark() {
        assertThat(SlackText.truncate("abcdefghijklmnopqrstuvwxyz", 5)).hasSizeLessThanOrEqualTo(5).isEqualTo("…");
        assertThat(SlackText.truncate("abc", 0)).isEmpty();
    }
}
