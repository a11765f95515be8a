package io.opsnotify.aws;

import io.opsnotify.notifier.base.SafeText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shapes of the AWS values opsnotify takes from the command line and the environment,
 * checked before any call so that a typo is invalid input (exit 2) rather than a round trip, a
 * retry storm or a request to somewhere unintended. Allow-lists: what a value may look like, not
 * what it must not. Every check throws {@link InvalidAwsInputException} with one line that names
 * the option, shows the value (escaped) and an example of a good one.
 */
public final class AwsInput {
    /** {@code us-east-1}, {@code ap-northeast-1}, {@code us-gov-west-1}, {@code cn-north-1}, {@code eu-isoe-west-1}. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    /** EC2 ids: the prefix, then 8 (before 2016) or 17 hex digits. */
    private static final Pattern RESOURCE_ID = Pattern.compile("([a-z]+)-[0-9a-f]{8}(?:[0-9a-f]{9})?");
    /** The kinds of EC2 id opsnotify takes. */
    public static final Set<String> RESOURCE_KINDS = Set.of("subnet", "rtb", "nat", "vpc", "vpce", "sg");
    private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern IAM_PATH_NAME = Pattern.compile("([\\x21-\\x7e&&[^*]]{1,512}/)?[\\w+=,.@-]{1,128}");

    private AwsInput() {
    }

    /** A region name; returns it. */
    public static String region(String value, String option) {
        if (value == null || !REGION.matcher(value).matches()) {
            throw invalid(option, value, "is not an AWS region name such as us-east-1, ap-northeast-1 or us-gov-west-1");
        }
        return value;
    }

    /**
     * An endpoint: an absolute http or https URL with a host, an optional port, and nothing
     * else (no user-info, path, query or fragment: the SDK would sign and send them with every call).
     */
    public static URI endpoint(String value, String option) {
        // user-info is a secret (a key or password in a URL): never shown back
        String shown = value == null ? null : value.replaceFirst("^([^/]*//)[^/?#]*@", "$1***@");
        URI u;
        try {
            u = new URI(value);
        } catch (URISyntaxException | NullPointerException e) {
            throw invalid(option, shown, "is not a URL: give e.g. https://ec2.ap-northeast-1.amazonaws.com or http://127.0.0.1:4566");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean bareHost = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/");
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawUserInfo() != null
                || u.getRawQuery() != null || u.getRawFragment() != null || !bareHost) {
            throw invalid(option, shown, "must be an http(s) URL with a host and optional port only, e.g. "
                    + "https://ec2.ap-northeast-1.amazonaws.com or http://127.0.0.1:4566");
        }
        return u;
    }

    /** An EC2 id of one kind ({@code subnet}, {@code rtb}, {@code nat}, {@code vpc}, {@code vpce}, {@code sg}). */
    public static String resourceId(String value, String kind, String option) {
        if (!RESOURCE_KINDS.contains(kind)) {
            throw new IllegalArgumentException("not an EC2 id kind opsnotify knows: " + kind);
        }
        var m = value == null ? null : RESOURCE_ID.matcher(value);
        if (m == null || !m.matches() || !m.group(1).equals(kind)) {
            throw invalid(option, value, "is not a " + kind + " id: " + kind + "- and 8 or 17 hex digits, e.g. "
                    + kind + "-0a1b2c3d4e5f60718");
        }
        return value;
    }

    /** An SNS topic ARN: {@code arn:aws:sns:REGION:ACCOUNT:NAME}. */
    public static Arn topicArn(String value, String option) {
        Arn arn = arn(value, option, "sns", "arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events");
        boolean ok = REGION.matcher(arn.region()).matches() && ACCOUNT.matcher(arn.account()).matches()
                && TOPIC_NAME.matcher(arn.resource()).matches();
        if (!ok) {
            throw invalid(option, value, "is not an SNS topic ARN: arn:aws:sns:REGION:ACCOUNT:TOPIC, e.g. "
                    + "arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events");
        }
        return arn;
    }

    /** A Lambda function: a name, or a function ARN ({@code arn:aws:lambda:REGION:ACCOUNT:function:NAME}). */
    public static String function(String value, String option) {
        if (value != null && FUNCTION_NAME.matcher(value).matches()) {
            return value;
        }
        String example = "opsnotify-notifier or arn:aws:lambda:ap-northeast-1:123456789012:function:opsnotify-notifier";
        Arn arn = Arn.parse(value);
        boolean ok = arn != null && PARTITION.matcher(arn.partition()).matches() && arn.service().equals("lambda")
                && REGION.matcher(arn.region()).matches() && ACCOUNT.matcher(arn.account()).matches()
                && arn.resource().matches("function:" + FUNCTION_NAME.pattern() + "(:(\\$LATEST|[A-Za-z0-9_-]{1,128}))?");
        if (!ok) {
            throw invalid(option, value, "is not a Lambda function name or ARN, e.g. " + example);
        }
        return value;
    }

    /** Who makes a request: an IAM role or user, an STS assumed-role session, or an account root ARN. */
    public static Arn principalArn(String value, String option) {
        String example = "arn:aws:iam::111122223333:role/app";
        Arn arn = arn(value, option, null, example);
        int slash = arn.resource().indexOf('/');
        String type = slash < 0 ? arn.resource() : arn.resource().substring(0, slash);
        String rest = slash < 0 ? "" : arn.resource().substring(slash + 1);
        boolean ok = ACCOUNT.matcher(arn.account()).matches() && arn.region().isEmpty() && switch (arn.service()) {
            case "iam" -> slash < 0 ? type.equals("root")
                    : (type.equals("role") || type.equals("user")) && IAM_PATH_NAME.matcher(rest).matches();
            case "sts" -> type.equals("assumed-role") && rest.matches("[\\w+=,.@-]{1,64}/[\\w+=,.@-]{2,64}");
            default -> false;
        };
        if (!ok) {
            throw invalid(option, value, "is not a role, user or assumed-role ARN, e.g. " + example
                    + " or arn:aws:sts::111122223333:assumed-role/app/session");
        }
        return arn;
    }

    /** An S3 resource ARN for an access check: {@code arn:aws:s3:::BUCKET} or {@code arn:aws:s3:::BUCKET/KEY}. */
    public static Arn s3Arn(String value, String option) {
        Arn arn = arn(value, option, "s3", "arn:aws:s3:::my-bucket/*");
        String bucket = arn.resource().split("/", 2)[0];
        if (!arn.region().isEmpty() || !arn.account().isEmpty()
                || !bucket.matches("[A-Za-z0-9*?][A-Za-z0-9._*?-]{0,254}")) { // legacy us-east-1 names too
            throw invalid(option, value, "is not an S3 bucket or object ARN, e.g. arn:aws:s3:::my-bucket/*");
        }
        return arn;
    }

    private static Arn arn(String value, String option, String service, String example) {
        Arn arn = Arn.parse(value);
        if (arn == null || !PARTITION.matcher(arn.partition()).matches() || (service != null && !arn.service().equals(service))) {
            throw invalid(option, value, "is not " + (service == null ? "an" : "an " + service) + " ARN, e.g. " + example);
        }
        return arn;
    }

    /**
     * The six fields of an ARN, {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE} (region and
     * account may be empty; the resource may hold more colons). The SDK's {@code Arn} class lives
     * in the {@code arns} module, which opsnotify does not otherwise need; this is its split, with
     * each field then checked against an allow-list by the methods above.
     */
    public record Arn(String partition, String service, String region, String account, String resource) {
        private static final Pattern SHAPE = Pattern.compile("arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\\d*):([\\x21-\\x7e]+)");

        /** The fields, or null when {@code value} is not of that shape (printable ASCII only, no spaces). */
        static Arn parse(String value) {
            var m = value == null ? null : SHAPE.matcher(value);
            return m == null || !m.matches() ? null : new Arn(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
        }
    }

    static InvalidAwsInputException invalid(String option, String value, String why) {
        return new InvalidAwsInputException(option + " '" + SafeText.line(value == null ? "" : value) + "' " + why);
    }
}
