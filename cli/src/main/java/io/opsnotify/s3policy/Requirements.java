package io.opsnotify.s3policy;

import java.util.ArrayList;
import java.util.List;

/**
 * What the instances behind an endpoint need and what the tool knows about their requests: the
 * profile sets (AWS-owned buckets, named by Region), the accesses given one by one, and the
 * principal and context keys.
 */
public record Requirements(List<String> profileSets, List<RequiredAccess> required, S3EndpointReport.Knowledge knowledge) {
    public Requirements {
        profileSets = List.copyOf(profileSets);
        required = List.copyOf(required);
    }

    /**
     * The profile sets' accesses in {@code region}, then the required ones.
     *
     * @throws IllegalArgumentException for an unknown set, or sets without a region (see {@link ProfileSets#expand})
     */
    public List<RequiredAccess> accesses(String region) {
        List<RequiredAccess> all = new ArrayList<>(ProfileSets.expand(profileSets, region));
        all.addAll(required);
        return all;
    }
}
