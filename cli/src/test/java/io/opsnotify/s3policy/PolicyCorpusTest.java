package io.opsnotify.s3policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real-world shaped endpoint policies (src/test/resources/s3policy) with their expected verdicts
 * in expected.json: each case names a policy, what is known about the requests, and the status,
 * the verdict per bucket ({@code "*"} for the rest) and the findings (severity and location).
 */
class PolicyCorpusTest {
    static final String REGION = "ap-northeast-1";
    static final EndpointFacts ENDPOINT = new EndpointFacts("vpce-0a1b2c3d4e5f60718", "vpc-0abc1234",
            "com.amazonaws.ap-northeast-1.s3", null, List.of("rtb-0a1"), List.of());

    final ObjectMapper json = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> corpus_shouldGiveTheExpectedVerdicts_forEachPolicy() throws IOException {
        JsonNode cases = json.readTree(resource("expected.json"));
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : cases) {
            String name = (i++) + " " + c.path("policy").asText() + (c.path("endpoint").asBoolean() ? "" : " (file)")
                    + (c.has("context") ? " with context" : "");
            tests.add(DynamicTest.dynamicTest(name, () -> check(c)));
        }
        return tests.stream();
    }

    @Test
    void corpus_shouldCoverEveryPolicyFile() throws IOException {
        JsonNode cases = json.readTree(resource("expected.json"));
        List<String> named = new ArrayList<>();
        cases.forEach(c -> named.add(c.path("policy").asText()));

        assertThat(named).contains("default-full-access.json", "one-app-bucket.json", "data-perimeter.json",
                "not-action-not-resource.json", "deny-outside-endpoint.json", "deny-foreign-accounts.json",
                "source-ip.json", "account-principal.json", "unknown-action.json", "malformed-json.json",
                "malformed-grammar.json");
    }

    void check(JsonNode c) throws IOException {
        // arrange
        String policy = resource(c.path("policy").asText());
        List<String> sets = c.has("sets") ? Arrays.asList(c.path("sets").asText().split(",")) : ProfileSets.DEFAULT;
        List<RequiredAccess> accesses = new ArrayList<>(ProfileSets.expand(sets, REGION));
        c.path("require").forEach(r -> {
            String[] p = r.asText().split(" ");
            accesses.add(new RequiredAccess("require", "required", p[0], p[1], false));
        });
        Map<String, List<String>> context = new LinkedHashMap<>();
        c.path("context").fields().forEachRemaining(e -> context.put(e.getKey(), List.of(e.getValue().asText())));
        String principal = c.hasNonNull("principalArn") ? c.path("principalArn").asText() : null;

        // act
        S3EndpointReport report = S3EndpointReport.assess("corpus", policy, c.path("endpoint").asBoolean() ? ENDPOINT : null,
                accesses, new S3EndpointReport.Knowledge(principal, context));

        // assert
        assertThat(report.status().name()).as(report.textLines().toString()).isEqualTo(c.path("status").asText());
        if (c.has("summary")) {
            assertThat(report.summary()).isEqualTo(c.path("summary").asText());
        }
        JsonNode verdicts = c.path("verdicts");
        if (verdicts.isEmpty()) {
            assertThat(report.checks()).isEmpty();
        } else {
            assertThat(report.checks()).hasSize(accesses.size());
        }
        for (S3EndpointReport.Check check : report.checks()) {
            String bucket = check.access().bucket();
            JsonNode want = verdicts.has(check.access().set() + " " + bucket) ? verdicts.get(check.access().set() + " " + bucket)
                    : verdicts.has(bucket) ? verdicts.get(bucket) : verdicts.path("*");
            assertThat(render(check.verdict())).as(check.access().toString()).isEqualTo(want.asText());
        }
        List<String> findings = report.findings().stream().map(f -> f.severity() + " " + f.location()).toList();
        List<String> wantFindings = new ArrayList<>();
        c.path("findings").forEach(f -> wantFindings.add(f.asText()));
        assertThat(findings).as(report.findings().toString()).containsExactlyInAnyOrderElementsOf(wantFindings);
    }

    static String render(Verdict v) {
        return v.decision() + (v.statement() == null ? "" : " by " + v.statement()) + (v.key() == null ? "" : " on " + v.key());
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PolicyCorpusTest.class.getResourceAsStream("/s3policy/" + name)) {
            if (in == null) {
                throw new IOException("no test resource s3policy/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
