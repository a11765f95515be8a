package io.opsnotify.cli;

import io.opsnotify.input.InputSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The one converter of file options: PATH, file://PATH, - (standard input). */
class InputSourceTest {
    @TempDir
    Path dir;

    @Test
    void of_shouldTakeAPlainPathAFileUrlOrStdin() {
        assertThat(InputSource.of("policy.json").path()).isEqualTo(Path.of("policy.json"));
        assertThat(InputSource.of("file://policy.json").path()).isEqualTo(Path.of("policy.json"));
        assertThat(InputSource.of("file:///tmp/my%20policy.json").path()).isEqualTo(Path.of("/tmp/my policy.json"));
        assertThat(InputSource.of("FILE:///tmp/p.json").path()).isEqualTo(Path.of("/tmp/p.json"));
        assertThat(InputSource.of("-").isStdin()).isTrue();
        assertThat(new InputSourceConverters.PathConverter().convert("-")).isEqualTo(Path.of("/dev/stdin"));
        assertThat(new InputSourceConverters.PathConverter().convert("file://a/b.yaml")).isEqualTo(Path.of("a/b.yaml"));
    }

    @Test
    void convert_shouldRefuseAnEmptyValueOrAnEmptyFileUrl() {
        assertThatThrownBy(() -> new InputSourceConverters.SourceConverter().convert("file://"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("file:// needs a path");
        assertThatThrownBy(() -> new InputSourceConverters.SourceConverter().convert(""))
                .isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void readString_shouldRefuseMoreThanTheBound_withoutReadingTheRest() throws Exception {
        Path file = Files.writeString(dir.resolve("big.json"), "x".repeat(1000), StandardCharsets.UTF_8);
        Path exact = Files.writeString(dir.resolve("ok.json"), "ü".repeat(10), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> InputSource.of(file.toString()).readString(10))
                .isInstanceOf(InputSource.TooLargeException.class).hasMessageEndingWith("is longer than 10 characters");
        assertThat(InputSource.of(exact.toString()).readString(10)).isEqualTo("ü".repeat(10));
    }
}
