package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.cloud.CloudException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Functions} must do: run against the in-memory fake ({@link InMemoryFunctionsTest})
 * and against the Lambda adapter on the wire emulator ({@link LambdaFunctionsIT}), so the fake the
 * domain tests use behaves like the adapter.
 */
abstract class FunctionsContract {
    static final String NAME = "opsnotify-notifier";
    static final byte[] ZIP = "zip one".getBytes(StandardCharsets.UTF_8);
    static final Functions.Settings SETTINGS = new Functions.Settings("java21",
            "io.opsnotify.notifier.NotifierHandler::handleRequest", "arn:aws:iam::123456789012:role/opsnotify-notifier",
            512, 30, List.of("subnet-0a1b2c3d", "subnet-4e5f6a7b"), List.of("sg-0123abcd"),
            Map.of("DB_PASSWORD", "pw-1", "JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1"));
    static final Map<String, String> TAGS = Map.of("opsnotify:managed", "true", "team", "ops");

    /** The implementation under test, empty: no function exists. */
    abstract Functions functions();

    String created() {
        String arn = functions().create(NAME, SETTINGS, ZIP, TAGS, "test");
        functions().awaitActive(NAME);
        return arn;
    }

    @Test
    void readsOfAMissingFunction_shouldBeEmpty() {
        assertThat(functions().find(NAME)).isEmpty();
        assertThat(functions().permissions(NAME)).isEmpty();
        assertThat(functions().eventInvokeConfig(NAME)).isEmpty();
    }

    @Test
    void reservedConcurrencyOfAMissingFunction_shouldBeNotFound() {
        assertThatThrownBy(() -> functions().reservedConcurrency(NAME)).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND));
    }

    @Test
    void create_shouldReturnTheArn_andFindShouldGiveBackWhatWasCreated() {
        String arn = created();

        Functions.Deployed fn = functions().find(NAME).orElseThrow();
        assertThat(arn).endsWith(":function:" + NAME);
        assertThat(fn.arn()).isEqualTo(arn);
        assertThat(fn.settings()).isEqualTo(SETTINGS);
        assertThat(fn.codeSha256()).isEqualTo(DeploymentPackage.sha256Base64(ZIP));
        assertThat(fn.tags()).containsAllEntriesOf(TAGS);
    }

    @Test
    void aNewFunction_shouldHaveNoPermissionsNoInvokeConfigAndNoReservedConcurrency() {
        created();

        assertThat(functions().permissions(NAME)).isEmpty();
        assertThat(functions().eventInvokeConfig(NAME)).isEmpty();
        assertThat(functions().reservedConcurrency(NAME)).isEmpty();
    }

    @Test
    void create_shouldFail_whenTheFunctionExists() {
        created();

        assertThatThrownBy(() -> functions().create(NAME, SETTINGS, ZIP, TAGS, "test"))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("ResourceConflictException"))
                .hasMessageStartingWith("AWS error ResourceConflictException");
    }

    @Test
    void updates_shouldChangeCodeAndConfiguration() {
        created();
        byte[] zip2 = "zip two".getBytes(StandardCharsets.UTF_8);
        Functions.Settings more = new Functions.Settings(SETTINGS.runtime(), SETTINGS.handler(), SETTINGS.roleArn(), 1024, 60,
                List.of("subnet-0a1b2c3d"), SETTINGS.securityGroupIds(), Map.of("DB_PASSWORD", "pw-2"));

        functions().updateCode(NAME, zip2);
        functions().awaitUpdated(NAME);
        functions().updateConfiguration(NAME, more);
        functions().awaitUpdated(NAME);

        Functions.Deployed fn = functions().find(NAME).orElseThrow();
        assertThat(fn.codeSha256()).isEqualTo(DeploymentPackage.sha256Base64(zip2));
        assertThat(fn.settings()).isEqualTo(more);
    }

    @Test
    void updatesOfAMissingFunction_shouldBeNotFound() {
        assertThatThrownBy(() -> functions().updateCode(NAME, ZIP)).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> functions().putReservedConcurrency(NAME, 5)).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND));
    }

    @Test
    void tag_shouldAddToTheTagsByArn() {
        String arn = created();

        functions().tag(arn, Map.of("team", "platform", "cost", "ops-1"));

        assertThat(functions().find(NAME).orElseThrow().tags()).containsEntry("team", "platform")
                .containsEntry("cost", "ops-1").containsEntry("opsnotify:managed", "true");
    }

    @Test
    void reservedConcurrency_shouldBeWhatWasPut() {
        created();

        functions().putReservedConcurrency(NAME, 5);

        assertThat(functions().reservedConcurrency(NAME)).hasValue(5);
    }

    @Test
    void permissions_shouldListWhatWasAdded_andRefuseASecondStatementWithTheSameId() {
        created();
        Functions.Permission sns = new Functions.Permission("opsnotify-sns-events", "sns.amazonaws.com",
                "lambda:InvokeFunction", "arn:aws:sns:ap-northeast-1:123456789012:events");
        Functions.Permission other = new Functions.Permission("other", "events.amazonaws.com",
                "lambda:InvokeFunction", "arn:aws:events:ap-northeast-1:123456789012:rule/x");

        functions().addPermission(NAME, sns);
        functions().addPermission(NAME, other);

        assertThat(functions().permissions(NAME)).containsExactlyInAnyOrder(sns, other);
        assertThatThrownBy(() -> functions().addPermission(NAME, sns)).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.code()).isEqualTo("ResourceConflictException"));
    }

    @Test
    void eventInvokeConfig_shouldBeWhatWasPut_withAndWithoutADestination() {
        created();
        Functions.InvokeConfig withDestination = new Functions.InvokeConfig(2, 3600,
                "arn:aws:sqs:ap-northeast-1:123456789012:opsnotify-failed");

        functions().putEventInvokeConfig(NAME, withDestination);
        assertThat(functions().eventInvokeConfig(NAME)).contains(withDestination);

        Functions.InvokeConfig without = new Functions.InvokeConfig(0, 60, null);
        functions().putEventInvokeConfig(NAME, without);
        assertThat(functions().eventInvokeConfig(NAME)).contains(without);
    }
}
