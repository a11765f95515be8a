package io.opsnotify.awslocal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Benchmark helper, not a test: runs {@link AwsLocal} as a separate process so that whole-process
 * AWS commands ({@code aws ...}, {@code opsnotify ...}) can be timed against it
 * ({@code scripts/bench/aws-cli.sh}).
 *
 * <p>Seeds, in region {@code --region} (default ap-northeast-1): SNS topic {@code opsnotify-events};
 * VPC {@code vpc-0abc1234} with subnets {@code subnet-0a1b2c3d} and {@code subnet-4e5f6a7b} and
 * security group {@code sg-0123abcd} (the ids DeployIT's config uses). Prints two lines on stdout,
 * the endpoint URL and the topic ARN, then serves until stdin reaches end of file, or at most
 * {@code --minutes} (default 30) minutes, whichever comes first. A line {@code calls} on stdin
 * prints one line: the number of calls received since the previous {@code calls} line (or the
 * start, including the seeding CreateTopic) and their {@code service:Action}s, so that a benchmark
 * can state how many calls each command makes.
 *
 * <pre>java -cp TEST_CLASSPATH io.opsnotify.awslocal.AwsLocalMain [--region R] [--minutes N]</pre>
 */
public final class AwsLocalMain {
    private AwsLocalMain() {
    }

    public static void main(String[] args) throws Exception {
        String region = "ap-northeast-1";
        long minutes = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--region" -> region = args[++i];
                case "--minutes" -> minutes = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: AwsLocalMain [--region R] [--minutes N]");
                    System.exit(2);
                }
            }
        }
        if (minutes < 1 || minutes > 240) {
            System.err.println("--minutes must be 1..240");
            System.exit(2);
        }
        AwsLocal aws = AwsLocal.start();
        aws.ec2().addVpc("vpc-0abc1234", "10.0.0.0/16");
        aws.ec2().addSubnet("subnet-0a1b2c3d", "vpc-0abc1234", region + "a", "10.0.1.0/24", 251);
        aws.ec2().addSubnet("subnet-4e5f6a7b", "vpc-0abc1234", region + "c", "10.0.2.0/24", 251);
        aws.ec2().addSecurityGroup("sg-0123abcd", "opsnotify", "vpc-0abc1234");
        String topicArn = createTopic(aws, region, "opsnotify-events");

        System.out.println(aws.endpoint());
        System.out.println(topicArn);
        System.out.flush();

        Thread stdinWatcher = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.trim().equals("calls")) {
                        List<RecordedCall> calls = aws.calls();
                        aws.clearCalls();
                        System.out.println(calls.size() + " " + calls.stream()
                                .map(c -> c.service() + ":" + c.action()).collect(Collectors.joining(" ")));
                        System.out.flush();
                    }
                }
            } catch (IOException ignored) {
                // treat as closed
            }
        }, "stdin-watcher");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();
        stdinWatcher.join(minutes * 60_000L);
        System.err.println("aws-local: " + aws.calls().size() + " calls served; stopping");
        aws.close();
        System.exit(0);
    }

    /**
     * CreateTopic over the wire, with a SigV4-shaped Authorization header whose scope names the
     * region (AwsLocal dispatches on it and does not check signatures): the ARN then carries the
     * same region the clients will use.
     */
    private static String createTopic(AwsLocal aws, String region, String name) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(aws.endpoint() + "/").openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        c.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=AKIATEST/20260101/" + region
                + "/sns/aws4_request, SignedHeaders=host, Signature=0");
        try (OutputStream out = c.getOutputStream()) {
            out.write(("Action=CreateTopic&Version=2010-03-31&Name=" + name).getBytes(StandardCharsets.UTF_8));
        }
        String body;
        try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("<TopicArn>([^<]+)</TopicArn>").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("CreateTopic failed: " + body);
        }
        return m.group(1);
    }
}
