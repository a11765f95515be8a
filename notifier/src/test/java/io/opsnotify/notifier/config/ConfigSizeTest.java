package io.opsnotify.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size limit applies to the whole file, comments included, however the file is read. */
class ConfigSizeTest {
    static final String VALID = JdbcUrlTest.config("jdbc:mariadb://replica/shop");

    /** A valid config followed by comment lines until it is just over the limit. */
    static String padded(int bytes) {
        StringBuilder sb = new StringBuilder(VALID);
        String line = "# " + "x".repeat(97) + "\n";
        while (sb.length() < bytes) {
            sb.append(line);
        }
        return sb.toString();
    }

    static void assertTooLarge(ConfigException e) {
        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("larger than 1 MiB"));
    }

    @Test
    void parse_shouldRefuseTheFile_whenCommentsMakeItLargerThanTheLimit() {
        String text = padded(YamlWalk.MAX_FILE_BYTES + 1);

        assertTooLarge(catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(JdbcUrlTest.ENV).parse(text, "big.yaml", ConfigLoader.Options.STRICT)));
    }

    @Test
    void load_shouldRefuseTheFileAndTheStream_whenLargerThanTheLimit(@TempDir Path dir) throws Exception {
        String text = padded(YamlWalk.MAX_FILE_BYTES + 1);
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, text);
        ConfigLoader loader = new ConfigLoader(JdbcUrlTest.ENV);

        assertTooLarge(catchThrowableOfType(ConfigException.class, () -> loader.load(file, ConfigLoader.Options.STRICT)));
        assertTooLarge(catchThrowableOfType(ConfigException.class, () -> loader.load(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "stream", ConfigLoader.Options.STRICT)));
    }

    @Test
    void parse_shouldAcceptTheFile_whenCommentsKeepItUnderTheLimit() {
        String text = padded(YamlWalk.MAX_FILE_BYTES - 200);

        assertThat(new ConfigLoader(JdbcUrlTest.ENV).parse(text, "ok.yaml", ConfigLoader.Options.STRICT).events())
                .containsKey("order.created");
    }
}
