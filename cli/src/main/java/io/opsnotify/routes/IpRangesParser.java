package io.opsnotify.routes;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads AWS's ip-ranges.json into {@link IpRanges}, refusing anything it cannot vouch for: a file
 * that is not JSON or was cut short, a missing {@code syncToken}, {@code createDate} or
 * {@code prefixes}, a prefix that is not a CIDR or has host bits set. The message names the problem
 * (and the entry). Computing routes from a half-read file would withdraw routes that are still needed.
 */
public final class IpRangesParser {
    private static final ObjectReader READER = new ObjectMapper()
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final DateTimeFormatter CREATE_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss");

    private IpRangesParser() {
    }

    /**
     * Parses and validates every entry of every service.
     *
     * @throws InvalidIpRangesException naming what is wrong with the document
     */
    public static IpRanges parse(byte[] json) {
        return parse(json, null);
    }

    /**
     * Parses the document but keeps, and CIDR-validates, only the entries of one service (e.g.
     * {@code CLOUDFRONT}): the other ~16,000 entries are checked for their fields only. This is
     * what {@code sync-cf-routes} needs, and it halves the cold-JVM time (docs/performance.md);
     * the md5 of the AmazonIpSpaceChanged notification guards the rest of the file.
     *
     * @param service the service to keep, or null for all
     * @throws InvalidIpRangesException naming what is wrong with the document or a kept entry
     */
    public static IpRanges parse(byte[] json, String service) {
        JsonNode root = readJson(json);
        if (!root.isObject()) {
            throw new InvalidIpRangesException("ip-ranges.json: expected a JSON object at the top, found "
                    + root.getNodeType());
        }
        long syncToken = syncToken(root.get("syncToken"));
        String createDate = createDate(root.get("createDate"));
        JsonNode v4 = root.get("prefixes");
        if (v4 == null || !v4.isArray()) {
            throw new InvalidIpRangesException("ip-ranges.json: missing \"prefixes\" array");
        }
        JsonNode v6 = root.get("ipv6_prefixes");
        if (v6 != null && !v6.isArray()) {
            throw new InvalidIpRangesException("ip-ranges.json: \"ipv6_prefixes\" is not an array");
        }
        List<IpPrefix> prefixes = new ArrayList<>(v4.size() + (v6 == null ? 0 : v6.size()));
        readEntries(v4, "prefixes", "ip_prefix", IpFamily.IPV4, service, prefixes);
        if (v6 != null) {
            readEntries(v6, "ipv6_prefixes", "ipv6_prefix", IpFamily.IPV6, service, prefixes);
        }
        return new IpRanges(syncToken, createDate, prefixes);
    }

    /**
     * Lower-case hex MD5 of the downloaded bytes, to compare with the {@code md5} of an
     * AmazonIpSpaceChanged notification before trusting the file (a guard against a corrupt or
     * truncated download, not a signature).
     */
    public static String md5Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    private static JsonNode readJson(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidIpRangesException("ip-ranges.json is empty");
        }
        try {
            JsonNode root = READER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new InvalidIpRangesException("ip-ranges.json is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidIpRangesException("ip-ranges.json is not valid JSON (truncated or corrupt download?)"
                    + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidIpRangesException("ip-ranges.json cannot be read: " + e.getMessage(), e);
        }
    }

    private static long syncToken(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidIpRangesException("ip-ranges.json: missing \"syncToken\"");
        }
        String text = node.asText();
        try {
            long token = Long.parseLong(text);
            if (token <= 0) {
                throw new NumberFormatException();
            }
            return token;
        } catch (NumberFormatException e) {
            throw new InvalidIpRangesException("ip-ranges.json: \"syncToken\" is not a positive number: \"" + text + "\"");
        }
    }

    private static String createDate(JsonNode node) {
        if (node == null || node.isNull() || !node.isTextual()) {
            throw new InvalidIpRangesException("ip-ranges.json: missing \"createDate\"");
        }
        String text = node.asText();
        try {
            LocalDateTime.parse(text, CREATE_DATE);
            return text;
        } catch (DateTimeParseException e) {
            throw new InvalidIpRangesException("ip-ranges.json: \"createDate\" is not YYYY-MM-DD-hh-mm-ss: \"" + text + "\"");
        }
    }

    private static void readEntries(JsonNode array, String arrayName, String cidrField, IpFamily family,
                                    String onlyService, List<IpPrefix> out) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode entry = array.get(i);
            String where = arrayName + "[" + i + "]";
            String cidr = requiredText(entry, cidrField, where);
            String service = requiredText(entry, "service", where);
            String region = requiredText(entry, "region", where);
            if (onlyService != null && !onlyService.equals(service)) {
                continue;
            }
            IPAddress block;
            try {
                block = Cidrs.parseBlock(cidr);
            } catch (IllegalArgumentException e) {
                throw new InvalidIpRangesException("ip-ranges.json " + where + ": " + e.getMessage());
            }
            if (IpFamily.of(block) != family) {
                throw new InvalidIpRangesException("ip-ranges.json " + where + ": " + cidrField + " \"" + cidr
                        + "\" is not " + family);
            }
            JsonNode border = entry.get("network_border_group");
            out.add(new IpPrefix(Cidrs.canonical(block), family, service, region,
                    border == null || border.isNull() ? null : border.asText()));
        }
    }

    private static String requiredText(JsonNode entry, String field, String where) {
        JsonNode value = entry == null ? null : entry.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidIpRangesException("ip-ranges.json " + where + ": missing \"" + field + "\"");
        }
        return value.asText();
    }
}
