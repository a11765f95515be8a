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
}
