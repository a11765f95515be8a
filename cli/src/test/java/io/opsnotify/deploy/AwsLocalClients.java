package io.opsnotify.deploy;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.AwsSettings;
import io.opsnotify.awslocal.AwsLocal;
import java.util.Map;

/** SDK clients pointed at the wire emulator, with fake keys, for the adapters' contract ITs. */
final class AwsLocalClients {
    private AwsLocalClients() {
    }

    static AwsClients of(AwsLocal aws) {
        return new AwsClients(AwsSettings.resolve(null, null, null, Map.of("AWS_ACCESS_KEY_ID", "AKIATEST",
                "AWS_SECRET_ACCESS_KEY", "test-secret-key", "AWS_REGION", "ap-northeast-1",
                "AWS_ENDPOINT_URL", aws.endpoint().toString())));
    }

    /** The VPC, subnets and security group the deploy tests name. */
    static void network(AwsLocal aws) {
        aws.ec2().addVpc("vpc-0abc1234", "10.0.0.0/16");
        aws.ec2().addSubnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a", "10.0.1.0/24", 251);
        aws.ec2().addSubnet("subnet-4e5f6a7b", "vpc-0abc1234", "ap-northeast-1c", "10.0.2.0/24", 251);
        aws.ec2().addSecurityGroup("sg-0123abcd", "opsnotify", "vpc-0abc1234");
    }
}
