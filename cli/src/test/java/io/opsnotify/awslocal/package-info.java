/**
 * A local AWS endpoint for tests: {@link io.opsnotify.awslocal.AwsLocal} serves the subset of
 * SNS, Lambda and EC2 that opsnotify uses to the real AWS SDK for Java v2 clients (and the AWS
 * CLI) over HTTP on 127.0.0.1, speaking the real wire protocols and keeping state.
 *
 * <pre>{@code
 * try (AwsLocal aws = AwsLocal.start()) {
 *     aws.ec2().addVpc("vpc-1", "10.0.0.0/16");
 *     aws.ec2().addSubnet("subnet-a", "vpc-1", "ap-northeast-1a", "10.0.1.0/24", 251);
 *     aws.lambda().invoker((fn, event) -> handler.handle(event));
 *     Ec2Client ec2 = Ec2Client.builder().endpointOverride(aws.endpoint()).region(Region.AP_NORTHEAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")))
 *             .httpClient(UrlConnectionHttpClient.create()).build();
 *     ...
 *     assertThat(aws.mutatingCalls()).isEmpty();
 * }
 * }</pre>
 *
 * <p>What SDK 2.57.8 was seen to send (wire log, see {@code AwsLocalTest}'s first three tests):
 * <ul>
 *   <li>SNS: {@code POST /}, {@code Content-Type: application/x-www-form-urlencoded; charset=utf-8},
 *       body {@code Action=CreateTopic&Version=2010-03-31&Name=x&Tags.member.1.Key=k&Tags.member.1.Value=v};
 *       no {@code X-Amz-Target}: still the AWS query protocol (unlike SQS, which moved to AWS JSON).</li>
 *   <li>Lambda: REST-JSON, e.g. {@code POST /2015-03-31/functions} with {@code application/json},
 *       {@code GET /2015-03-31/functions/arn%3Aaws%3Alambda%3A...} (ARNs percent-encoded in the path),
 *       {@code GET /2019-09-30/functions/f/concurrency},
 *       {@code DELETE /2017-03-31/tags/{arn}?tagKeys=a&tagKeys=b}.</li>
 *   <li>EC2: {@code POST /} form, {@code Action=DescribeNetworkInterfaces&Version=2016-11-15&MaxResults=5
 *       &Filter.1.Name=interface-type&Filter.1.Value.1=lambda}.</li>
 *   <li>None used RPCv2 CBOR or AWS JSON 1.0. Every request is SigV4-signed with the scope
 *       {@code AKIATEST/yyyymmdd/ap-northeast-1/<service>/aws4_request}, which is how requests
 *       are dispatched, and carries {@code amz-sdk-request: attempt=N; max=4}.</li>
 * </ul>
 *
 * <p>Retries: with the SDK defaults, {@code Throttling} (HTTP 400, SNS query shape),
 * {@code RequestLimitExceeded} (HTTP 503, EC2 shape) and {@code TooManyRequestsException}
 * (HTTP 429, Lambda) are retried and the second attempt succeeds; {@code AuthorizationError}
 * and {@code UnauthorizedOperation} (403) are not retried.
 */
package io.opsnotify.awslocal;
