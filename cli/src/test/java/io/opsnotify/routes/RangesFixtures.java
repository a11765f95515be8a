package io.opsnotify.routes;

import io.opsnotify.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real ip-ranges.json snapshots under src/test/resources/fixtures/ip-ranges. */
final class RangesFixtures {
    static final String FULL = "fixtures/ip-ranges/ip-ranges-2026-08-22.json";
    static final String HISTORY = "fixtures/ip-ranges/cloudfront-history";

    private RangesFixtures() {
    }

    static byte[] fullBytes() {
        return bytes(Fixtures.path(FULL));
    }

    static IpRanges full() {
        return IpRangesParser.parse(fullBytes());
    }

    /** The quarterly CloudFront slices, oldest first (the file names sort by date). */
    static List<Path> history() {
        try (Stream<Path> files = Files.list(Fixtures.path(HISTORY))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "2017-09-28" from ip-ranges-cloudfront-2017-09-28.json. */
    static String date(Path slice) {
        String name = slice.getFileName().toString();
        return name.substring("ip-ranges-cloudfront-".length(), name.length() - ".json".length());
    }

    static byte[] bytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
