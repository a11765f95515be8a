import io.opsnotify.routes.Cover;
import io.opsnotify.routes.IpFamily;
import io.opsnotify.routes.IpRanges;
import io.opsnotify.routes.IpRangesParser;
import io.opsnotify.routes.RouteCover;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The computation behind {@code opsnotify sync-cf-routes}: read and parse the full ip-ranges.json,
 * keeping (and CIDR-validating) the CLOUDFRONT entries only, select IPv4, compute the optimal cover in K routes. No AWS call.
 *
 * <p>Usage: {@code java -cp CLASSES:DEPS RouteCoverBench FILE K cold|warm [WARMUP N]}.
 * {@code cold} runs it once and prints the time since JVM start and the time of the work itself;
 * {@code warm} runs WARMUP + N iterations in this JVM (bounded) and prints the median and range of
 * the last N. Every iteration reads the file from disk again.
 */
public final class RouteCoverBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int k = Integer.parseInt(args[1]);
        String mode = args[2];
        if (mode.equals("cold")) {
            long start = System.nanoTime();
            Cover cover = once(file, k);
            long work = System.nanoTime() - start;
            long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.printf("cold work_ms=%.1f since_jvm_start_ms=%d routes=%d extra=%s%n",
                    work / 1e6, sinceJvmStart, cover.routes().size(), cover.extraAddresses());
            return;
        }
        int warmup = Integer.parseInt(args[3]);
        int n = Integer.parseInt(args[4]);
        if (warmup < 0 || warmup > 10_000 || n < 1 || n > 10_000) {
            throw new IllegalArgumentException("WARMUP must be 0..10000 and N 1..10000");
        }
        for (int i = 0; i < warmup; i++) {
            once(file, k);
        }
        double[] total = new double[n];
        double[] parse = new double[n];
        double[] fit = new double[n];
        Cover cover = null;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            IpRanges ranges = IpRangesParser.parse(Files.readAllBytes(file), "CLOUDFRONT");
            List<String> prefixes = ranges.cidrs("CLOUDFRONT", IpFamily.IPV4);
            long t1 = System.nanoTime();
            cover = RouteCover.fit(prefixes, k);
            long t2 = System.nanoTime();
            parse[i] = (t1 - t0) / 1e6;
            fit[i] = (t2 - t1) / 1e6;
            total[i] = (t2 - t0) / 1e6;
        }
        System.out.printf("warm n=%d total_median_ms=%.2f (min %.2f, max %.2f) parse_median_ms=%.2f fit_median_ms=%.2f routes=%d extra=%s%n",
                n, median(total), min(total), max(total), median(parse), median(fit), cover.routes().size(), cover.extraAddresses());
    }

    private static Cover once(Path file, int k) throws Exception {
        IpRanges ranges = IpRangesParser.parse(Files.readAllBytes(file), "CLOUDFRONT");
        return RouteCover.fit(ranges.cidrs("CLOUDFRONT", IpFamily.IPV4), k);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }
}
