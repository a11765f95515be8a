package io.opsnotify.deploy;

/** The fake against the {@link NetworkContract}. */
class InMemoryNetworkTest extends NetworkContract {
    final InMemoryNetwork fake = new InMemoryNetwork()
            .subnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a")
            .subnet("subnet-4e5f6a7b", "vpc-0abc1234", "ap-northeast-1c")
            .securityGroup("sg-0123abcd", "vpc-0abc1234");

    @Override
    Network network() {
        return fake;
    }
}
