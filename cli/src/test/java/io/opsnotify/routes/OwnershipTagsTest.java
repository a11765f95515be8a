package io.opsnotify.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OwnershipTagsTest {
    @Test
    void writeThenRead_shouldRoundTrip180Routes_inTagsOfAtMost256Chars() {
        Set<String> owned = new TreeSet<>();
        for (int i = 0; i < 180; i++) {
            owned.add("13." + (32 + i % 200) + "." + (i * 7 % 256) + ".0/24");
        }

        Map<String, String> tags = OwnershipTags.write(1787433425L, 211, null, owned);
        OwnershipTags.State back = OwnershipTags.read(tags);

        assertThat(tags.values()).allMatch(v -> v.length() <= 256);
        assertThat(tags).hasSizeLessThanOrEqualTo(2 + 40);
        assertThat(back.owned()).isEqualTo(owned);
        assertThat(back.syncToken()).isEqualTo(1787433425L);
        assertThat(back.prefixCount()).isEqualTo(211);
    }

    @Test
    void stale_shouldListOwnedTagsThatTheSmallerSetNoLongerUses() {
        Map<String, String> before = new HashMap<>(OwnershipTags.write(1, 1, null, Set.of("10.0.0.0/8")));
        before.put("opsnotify:cf-owned-2", "10.1.0.0/16");
        before.put("Name", "private-a");

        Map<String, String> next = OwnershipTags.write(2, 1, null, Set.of("10.0.0.0/8"));

        assertThat(OwnershipTags.stale(before, next)).containsExactly("opsnotify:cf-owned-2");
    }

    @Test
    void read_shouldReturnEmptyState_forATableNeverSynced() {
        OwnershipTags.State s = OwnershipTags.read(Map.of("Name", "x"));

        assertThat(s.syncToken()).isNull();
        assertThat(s.owned()).isEmpty();
    }

    @Test
    void peak_shouldBeTheLargestCountOfTheLast30Days_soThatSmallStepsCannotWalkTheShrinkGuard() {
        long day = 86_400;
        Map<String, String> tags = OwnershipTags.write(1000 + 2 * day, 170, new OwnershipTags.Peak(243, 1000), Set.of());
        OwnershipTags.State state = OwnershipTags.read(tags);

        assertThat(state.peak()).isEqualTo(new OwnershipTags.Peak(243, 1000));
        assertThat(tags).containsEntry(OwnershipTags.PREFIX_PEAK, "243@1000");
        assertThat(state.reference(1000 + 3 * day)).isEqualTo(243); // not the last count, 170
        assertThat(state.nextPeak(new OwnershipTags.Peak(150, 1000 + 3 * day))).isEqualTo(new OwnershipTags.Peak(243, 1000));
        assertThat(state.reference(1000 + 31 * day)).isEqualTo(170); // the peak is older than 30 days, the last count is not
        assertThat(state.nextPeak(new OwnershipTags.Peak(150, 1000 + 40 * day))).isEqualTo(new OwnershipTags.Peak(150, 1000 + 40 * day));
        assertThat(state.nextPeak(new OwnershipTags.Peak(300, 1000 + 3 * day))).isEqualTo(new OwnershipTags.Peak(300, 1000 + 3 * day));
    }

    @Test
    void peak_shouldBeIgnored_whenItsTagIsNotCountAtSyncToken() {
        assertThat(OwnershipTags.read(Map.of(OwnershipTags.PREFIX_PEAK, "lots")).peak()).isNull();
        assertThat(OwnershipTags.read(Map.of(OwnershipTags.PREFIX_PEAK, "-5@100")).peak()).isNull();
    }
}
