package io.opsnotify.s3policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void matches_shouldLetStarSpanSlashesAndColons() {
        assertThat(Glob.matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c.rpm", false)).isTrue();
        assertThat(Glob.matches("arn:aws:s3:::*", "arn:aws:s3:::bucket/key", false)).isTrue();
        assertThat(Glob.matches("*", "", false)).isTrue();
        assertThat(Glob.matches("a*b*c", "a-b-x-c", false)).isTrue();
        assertThat(Glob.matches("a*b*c", "a-c", false)).isFalse();
    }

    @Test
    void matches_shouldLetQuestionMarkBeExactlyOneCharacter() {
        assertThat(Glob.matches("s3:Get?bject", "s3:GetObject", false)).isTrue();
        assertThat(Glob.matches("s3:Get?bject", "s3:Getbject", false)).isFalse();
        assertThat(Glob.matches("s3:Get?bject", "s3:GetOObject", false)).isFalse();
        assertThat(Glob.matches("bucket-?", "bucket-/", false)).isTrue();
    }

    @Test
    void matches_shouldFoldCaseOnlyWhenAsked() {
        assertThat(Glob.matches("S3:getobject", "s3:GetObject", true)).isTrue();
        assertThat(Glob.matches("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", false)).isFalse();
    }

    @Test
    void overlapsPrefix_shouldBeTrue_whenSomeStringWithThePrefixMatches() {
        assertThat(Glob.overlapsPrefix("arn:aws:s3:::bucket/secret/*", "arn:aws:s3:::bucket/")).isTrue();
        assertThat(Glob.overlapsPrefix("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/")).isFalse();
        assertThat(Glob.overlapsPrefix("arn:aws:s3:::other/*", "arn:aws:s3:::bucket/")).isFalse();
        assertThat(Glob.overlapsPrefix("*", "anything")).isTrue();
    }

    @Test
    void coversPrefix_shouldBeTrue_onlyWhenEveryStringWithThePrefixMatches() {
        assertThat(Glob.coversPrefix("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/")).isTrue();
        assertThat(Glob.coversPrefix("arn:aws:s3:::buck*", "arn:aws:s3:::bucket/")).isTrue();
        assertThat(Glob.coversPrefix("arn:aws:s3:::bucket/core/*", "arn:aws:s3:::bucket/")).isFalse();
        assertThat(Glob.coversPrefix("arn:aws:s3:::bucket/?*", "arn:aws:s3:::bucket/")).isFalse();
        assertThat(Glob.coversPrefix("arn:aws:s3:::bucket/", "arn:aws:s3:::bucket/")).isFalse();
    }
}
