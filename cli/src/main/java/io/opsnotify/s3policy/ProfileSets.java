package io.opsnotify.s3policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS-owned buckets instances commonly reach through an S3 gateway endpoint, by set, as
 * listed in aws-samples/data-perimeter-policy-examples and the services' own endpoint guides
 * ({@code <r>} is the Region; only same-Region buckets go through a gateway endpoint).
 *
 * <p>Each needs {@code s3:GetObject} on every object. {@code s3:ListBucket} is not required:
 * yum/dnf, the ECR layer download and the agents fetch known keys (repository metadata, then
 * the files it names; presigned layer URLs), they do not list.
 */
public final class ProfileSets {
    /** The sets evaluated when none are named: the package managers, ECR pulls and the SSM agent. */
    public static final List<String> DEFAULT = List.of("al2", "al2023", "ecr", "ssm");

    private record Bucket(String purpose, String pattern) {
    }

    private static final Map<String, List<Bucket>> SETS = new LinkedHashMap<>();

    static {
        SETS.put("al2", List.of(new Bucket("yum (Amazon Linux 2)", "amazonlinux-2-repos-<r>")));
        SETS.put("al2023", List.of(new Bucket("dnf (AL2023)", "al2023-repos-<r>-de612dc2")));
        SETS.put("al1", List.of(new Bucket("yum (Amazon Linux AMI)", "packages.<r>.amazonaws.com"),
                new Bucket("yum (Amazon Linux AMI)", "repo.<r>.amazonaws.com")));
        SETS.put("ecr", List.of(new Bucket("ECR image pulls", "prod-<r>-starport-layer-bucket")));
        SETS.put("ssm", List.of(new Bucket("SSM agent", "aws-ssm-<r>"), new Bucket("SSM agent", "amazon-ssm-<r>"),
                new Bucket("SSM agent", "amazon-ssm-packages-<r>"), new Bucket("SSM agent", "<r>-birdwatcher-prod"),
                new Bucket("SSM agent", "aws-ssm-document-attachments-<r>"),
                new Bucket("SSM patching", "patch-baseline-snapshot-<r>")));
        SETS.put("cloudwatch-agent", List.of(new Bucket("CloudWatch agent", "amazoncloudwatch-agent-<r>")));
        SETS.put("codedeploy", List.of(new Bucket("CodeDeploy agent", "aws-codedeploy-<r>")));
    }

    private ProfileSets() {
    }

    public static List<String> names() {
        return List.copyOf(SETS.keySet());
    }

    /** Refuses an unknown set name (IllegalArgumentException naming the known ones). */
    public static void check(List<String> sets) {
        for (String name : sets) {
            if (!SETS.containsKey(name)) {
                throw new IllegalArgumentException("unknown --profile-set \"" + name + "\" (known: "
                        + String.join(", ", SETS.keySet()) + ")");
            }
        }
    }

    /**
     * The accesses of the named sets in {@code region}; an unknown name is an IllegalArgumentException.
     * Every set's bucket names contain the Region, so a non-empty list needs one.
     */
    public static List<RequiredAccess> expand(List<String> sets, String region) {
        check(sets);
        if (!sets.isEmpty() && region == null) {
            throw new IllegalArgumentException("the --profile-set sets " + String.join(", ", sets) + " name their buckets "
                    + "by Region: give --region (or set AWS_REGION), or --profile-set none to check only the --require accesses");
        }
        List<RequiredAccess> out = new ArrayList<>();
        for (String name : sets) {
            for (Bucket b : SETS.get(name)) {
                String bucket = b.pattern().replace("<r>", region);
                out.add(new RequiredAccess(name, b.purpose(), "s3:GetObject", "arn:aws:s3:::" + bucket + "/*", true));
            }
        }
        return out;
    }
}
