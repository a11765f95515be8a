package io.opsnotify.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.cloud.CloudException;
import io.opsnotify.cloud.CloudException.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** How an SDK failure becomes the domain's {@link CloudException}: kind, code and the one line. */
class AwsErrorsTest {

    private static AwsServiceException answer(String code, int status, String message) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Ec2").build())
                .build();
    }

    @ParameterizedTest
    @CsvSource({
        "InvalidRouteTableID.NotFound, 400, NOT_FOUND",
        "NatGatewayNotFound,           400, NOT_FOUND",
        "ResourceNotFoundException,    404, NOT_FOUND",
        "InvalidRouteTableID.Malformed,400, INVALID_REQUEST",
        "InvalidParameterValue,        400, INVALID_REQUEST",
        "UnauthorizedOperation,        403, ACCESS_DENIED",
        "AccessDeniedException,        403, ACCESS_DENIED",
        "RequestLimitExceeded,         503, THROTTLED",
        "TooManyRequestsException,     429, THROTTLED",
        "AuthFailure,                  401, CREDENTIALS",
        "ExpiredToken,                 400, CREDENTIALS",
        "InternalError,                500, FAILED",
    })
    void answer_shouldBeClassifiedByItsCode(String code, int status, Kind kind) {
        CloudException e = AwsErrors.translate(answer(code, status, "it said no"));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).contains(code).contains("it said no").doesNotContain("\n");
    }

    @Test
    void callAndRun_shouldLetNoSdkExceptionOut() {
        assertThatThrownBy(() -> AwsErrors.call(() -> {
            throw answer("InvalidRouteTableID.NotFound", 400, "The routeTable ID 'rtb-1' does not exist");
        })).isInstanceOf(CloudException.class).isNotInstanceOf(SdkException.class)
                .hasMessage("AWS error InvalidRouteTableID.NotFound (Ec2): The routeTable ID 'rtb-1' does not exist")
                .hasCauseInstanceOf(AwsServiceException.class);
        assertThatThrownBy(() -> AwsErrors.run(() -> {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
        })).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.FAILED);
            assertThat(e.code()).isNull();
            assertThat(e.getMessage()).isEqualTo("could not call AWS: Unable to execute HTTP request: Connection refused");
        });
        assertThat(AwsErrors.call(() -> "answer")).isEqualTo("answer");
    }

    @Test
    void timeoutAndCredentials_shouldKeepTheirKindWhenWrapped() {
        SdkClientException wrappedTimeout = SdkClientException.builder().message("waiter gave up")
                .cause(AwsTimeoutException.of(Duration.ofSeconds(30), "Lambda", "GetFunction", Duration.ofSeconds(30), null)).build();
        assertThat(AwsErrors.translate(wrappedTimeout).kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(AwsErrors.translate(AwsCredentialsException.of("no credentials", null)).kind()).isEqualTo(Kind.CREDENTIALS);
    }

    @Test
    void describeIfSdk_shouldOnlyAnswerForSdkFailures() {
        assertThat(AwsErrors.describeIfSdk(new IllegalStateException("ours"))).isEmpty();
        assertThat(AwsErrors.describeIfSdk(answer("Throttling", 400, "Rate exceeded")))
                .contains("AWS error Throttling (Ec2): Rate exceeded");
    }
}
