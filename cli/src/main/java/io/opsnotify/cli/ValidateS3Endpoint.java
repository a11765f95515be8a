package io.opsnotify.cli;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.AwsInput;
import io.opsnotify.aws.AwsSettings;
import io.opsnotify.aws.Ec2GatewayEndpoints;
import io.opsnotify.aws.InvalidAwsInputException;
import io.opsnotify.input.InputSource;
import io.opsnotify.s3policy.ProfileSets;
import io.opsnotify.s3policy.RequiredAccess;
import io.opsnotify.s3policy.Requirements;
import io.opsnotify.s3policy.S3EndpointCheck;
import io.opsnotify.s3policy.S3EndpointReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsnotify validate-s3-endpoint}: will this S3 gateway endpoint policy lock out the instances behind it? */
@Command(name = "validate-s3-endpoint",
        description = {"Evaluate an S3 gateway endpoint policy against the accesses the instances behind it need: the "
                + "AWS-owned buckets of the --profile-set sets in the Region (package repositories, ECR layers, SSM, ...) "
                + "and each --require. Per access: ALLOWED, DENIED (by which statement) or UNKNOWN (which condition key "
                + "the tool cannot determine). Also lints the policy.",
            "With --vpc-endpoint-id, reads the endpoint's policy and says which subnets and how many ENIs are behind it; "
                + "with --policy-file, checks a policy before it is applied.",
            "A monitoring check: the first line is the summary, the exit code its state: 0 all allowed and no findings, "
                + "1 lint warnings or UNKNOWN, 2 a required access DENIED, an invalid policy or input, 3 could not read the endpoint."},
        footerHeading = "%nExamples:%n",
        footer = {"  opsnotify validate-s3-endpoint --vpc-endpoint-id vpce-0a1b2c3d4e5f60718",
            "  opsnotify validate-s3-endpoint --policy-file new-policy.json \\",
            "      --region ap-northeast-1 --profile-set al2023,ecr,ssm \\",
            "      --require \"s3:GetObject arn:aws:s3:::my-app-assets/*\" \\",
            "      --principal-arn arn:aws:iam::111122223333:role/app",
            "  opsnotify validate-s3-endpoint --vpc-endpoint-id vpce-0a1b2c3d4e5f60718 \\",
            "      --context aws:PrincipalOrgID=o-a1b2c3d4e5 --output json"},
        mixinStandardHelpOptions = true)
final class ValidateS3Endpoint extends AwsCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--vpc-endpoint-id", paramLabel = "VPCE", description = "A gateway endpoint: its policy and route tables.")
        String endpointId;

        @Option(names = "--policy-file", paramLabel = "FILE",
                description = "A policy document (JSON), e.g. before applying it: a path, file://PATH, or - for stdin.")
        InputSource policyFile;
    }

    @Option(names = "--profile-set", paramLabel = "SET", split = ",",
            description = "AWS-owned bucket sets the instances need: al2, al2023, al1, ecr, ssm, cloudwatch-agent, "
                    + "codedeploy, or none (default: al2,al2023,ecr,ssm).")
    List<String> profileSets = ProfileSets.DEFAULT;

    @Option(names = "--require", paramLabel = "\"ACTION ARN\"",
            description = "Another access that must work, e.g. \"s3:GetObject arn:aws:s3:::my-bucket/*\" (repeatable; "
                    + "a resource ending in /* means every object).")
    List<String> requires = List.of();

    @Option(names = "--principal-arn", paramLabel = "ARN",
            description = "Who makes the --require requests (a role or assumed-role ARN): decides Principal, "
                    + "aws:PrincipalArn and aws:PrincipalAccount.")
    String principalArn;

    @Option(names = "--context", paramLabel = "KEY=VALUE",
            description = "A condition key value the tool cannot read, e.g. aws:PrincipalOrgID=o-a1b2c3d4e5 (repeatable).")
    List<String> contexts = List.of();

    ValidateS3Endpoint(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        // a policy file is checked without any AWS call: the region only names the profile sets' buckets
        AwsSettings settings = awsSettings(source.policyFile == null);
        Requirements requirements = new Requirements(profileSets.equals(List.of("none")) ? List.of() : profileSets,
                requires(), new S3EndpointReport.Knowledge(principalArn, contextKeys()));
        accesses(requirements, settings.region()); // an unknown set name is invalid input before any AWS call
        S3EndpointReport report;
        if (source.policyFile != null) {
            report = checkFile(requirements, settings.region());
        } else {
            try (AwsClients aws = new AwsClients(settings)) {
                report = new S3EndpointCheck(new Ec2GatewayEndpoints(aws)).check(source.endpointId, settings.region(),
                        requirements);
            }
        }
        return print(report);
    }

    private S3EndpointReport checkFile(Requirements requirements, String region) throws InputSource.UnreadableException {
        String source1 = source.policyFile.isStdin() ? "standard input" : "file " + source.policyFile;
        try {
            // bounded: a policy over AWS's limit is refused having read only a little more than the limit
            String text = source.policyFile.readString("--policy-file", S3EndpointReport.MAX_POLICY_CHARS);
            return S3EndpointReport.assess(source1, text, null, accesses(requirements, region),
                    requirements.knowledge());
        } catch (InputSource.TooLargeException e) {
            return S3EndpointReport.tooLarge(source1, e.getMessage());
        } catch (InputSource.UnreadableException e) {
            throw e; // invalid input: one line, exit 2
        } catch (IOException e) {
            return S3EndpointReport.unknown("could not read " + source.policyFile + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " "
                    + e.getMessage()), source1);
        }
    }

    private List<RequiredAccess> accesses(Requirements requirements, String region) {
        try {
            return requirements.accesses(region);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private List<RequiredAccess> requires() {
        List<RequiredAccess> out = new ArrayList<>();
        for (String r : requires) {
            String[] p = r.strip().split("\\s+");
            if (p.length != 2 || !p[0].contains(":") || !p[1].startsWith("arn:")) {
                throw usage("--require takes \"ACTION ARN\", e.g. \"s3:GetObject "
                        + "arn:aws:s3:::my-bucket/*\", not \"" + r + "\"");
            }
            try {
                AwsInput.s3Arn(p[1], "--require");
            } catch (InvalidAwsInputException e) {
                throw usage(e.getMessage());
            }
            out.add(new RequiredAccess("require", p[0], p[0], p[1], false));
        }
        return out;
    }

    private Map<String, List<String>> contextKeys() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String c : contexts) {
            int eq = c.indexOf('=');
            if (eq <= 0) {
                throw usage("--context takes KEY=VALUE, e.g. aws:PrincipalOrgID=o-a1b2c3d4e5, not \""
                        + c + "\"");
            }
            out.computeIfAbsent(c.substring(0, eq), k -> new ArrayList<>()).add(c.substring(eq + 1));
        }
        return out;
    }
}
