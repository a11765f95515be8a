package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeploymentPackageTest {
    @Test
    void build_shouldBeByteForByteReproducible_soItsShaMatchesCodeSha256() throws Exception {
        byte[] jar = "not really a jar".getBytes();

        DeploymentPackage a = DeploymentPackage.build(jar, "events: {}\n");
        Thread.sleep(1100); // a zip of a later second must still be identical
        DeploymentPackage b = DeploymentPackage.build(jar, "events: {}\n");
        DeploymentPackage c = DeploymentPackage.build(jar, "events: {x: 1}\n");

        assertThat(b.zip()).isEqualTo(a.zip());
        assertThat(b.sha256()).isEqualTo(a.sha256()).hasSize(44);
        assertThat(c.sha256()).isNotEqualTo(a.sha256());
    }
}
