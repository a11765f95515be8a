package io.opsnotify.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.notifier.event.EventId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppMessageTest {
    final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1001|{\"type\":\"t\",\"id\":1001}",
            "-5|{\"type\":\"t\",\"id\":-5}",
            "0|{\"type\":\"t\",\"id\":0}",
            "01001|{\"type\":\"t\",\"id\":\"01001\"}",
            "-01001|{\"type\":\"t\",\"id\":\"-01001\"}",
            "00|{\"type\":\"t\",\"id\":\"00\"}",
            "-0|{\"type\":\"t\",\"id\":\"-0\"}",
            "ORD-7|{\"type\":\"t\",\"id\":\"ORD-7\"}"})
    void json_shouldSendOnlyPlainWholeNumbersAsNumbers_andEverythingElseAsTyped(String id, String expected) {
        assertThat(AppMessage.json(json, "t", id)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1001,NUMERIC", "-5,NUMERIC", "01001,TEXT", "-0,TEXT", "ORD-7,TEXT", "12345678901234567890123456789012,TEXT"})
    void id_shouldTypeWhatTheOperatorTyped_likeTheApplicationWouldSendIt(String typed, EventId.Kind kind) {
        EventId id = AppMessage.id(typed);

        assertThat(id.kind()).isEqualTo(kind);
        assertThat(id.text()).isEqualTo(typed);
    }
}
