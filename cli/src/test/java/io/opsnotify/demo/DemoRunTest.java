package io.opsnotify.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.notifier.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoRunTest {
    @Test
    void statements_shouldSplitAtLineEndingSemicolons_andDropComments() {
        List<String> s = DemoRun.statements("-- c\nCREATE TABLE a (x INT);\nINSERT INTO a VALUES ('x;y');\n");

        assertThat(s).containsExactly("CREATE TABLE a (x INT)", "INSERT INTO a VALUES ('x;y')");
    }

    @Test
    void run_shouldDeliverThreeAndSkipTheDuplicateAndFailTheMissingRow() throws Exception {
        List<String> logs = new ArrayList<>();

        DemoRun.Outcome o = new DemoRun(new ObjectMapper()).run(null, logs::add);

        assertThat(o.steps()).extracting(s -> s.result().outcome())
                .containsExactly(Outcome.DELIVERED, Outcome.DELIVERED, Outcome.DELIVERED, Outcome.DUPLICATE, Outcome.FAILED);
        assertThat(o.received()).hasSize(3);
        assertThat(o.received().get(0)).contains("&lt;!channel&gt;").doesNotContain("<!channel>");
        assertThat(o.received().get(1)).contains("山田 太郎");
        assertThat(logs).hasSize(5).allMatch(l -> l.startsWith("{\"ts\""));
    }
}
