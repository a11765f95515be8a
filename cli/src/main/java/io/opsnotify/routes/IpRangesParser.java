package io.opsnotify.routes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
    /** jackson-core's streaming parser: databind's tree and its ~400 classes are not needed here. */
    private static final JsonFactory JSON = new JsonFactory();
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
        if (json == null || json.length == 0) {
            throw new InvalidIpRangesException("ip-ranges.json is empty");
        }
        try (JsonParser parser = JSON.createParser(json)) {
            return read(parser, service);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidIpRangesException("ip-ranges.json is not valid JSON (truncated or corrupt download?)"
                    + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidIpRangesException("ip-ranges.json cannot be read: " + e.getMessage(), e);
        }
    }

    /** One pass over the tokens: no tree of 17,000 entries is built (it cost a cold JVM ~300 ms). */
    private static IpRanges read(JsonParser parser, String service) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new InvalidIpRangesException("ip-ranges.json is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new InvalidIpRangesException("ip-ranges.json: expected a JSON object at the top, found " + first);
        }
        String syncToken = null;
        String createDate = null;
        boolean sawPrefixes = false;
        List<IpPrefix> prefixes = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "syncToken" -> syncToken = scalar(parser, value);
                case "createDate" -> createDate = value == JsonToken.VALUE_STRING ? parser.getText() : skip(parser);
                case "prefixes" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw new InvalidIpRangesException("ip-ranges.json: missing \"prefixes\" array");
                    }
                    readEntries(parser, "prefixes", "ip_prefix", IpFamily.IPV4, service, prefixes);
                    sawPrefixes = true;
                }
                case "ipv6_prefixes" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw new InvalidIpRangesException("ip-ranges.json: \"ipv6_prefixes\" is not an array");
                    }
                    readEntries(parser, "ipv6_prefixes", "ipv6_prefix", IpFamily.IPV6, service, prefixes);
                }
                default -> parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw new InvalidIpRangesException("ip-ranges.json is not valid JSON (truncated or corrupt download?): "
                    + "more content after the document, at line " + parser.currentLocation().getLineNr());
        }
        long token = syncToken(syncToken);
        String date = createDate(createDate);
        if (!sawPrefixes) {
            throw new InvalidIpRangesException("ip-ranges.json: missing \"prefixes\" array");
        }
        return new IpRanges(token, date, prefixes);
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

    /** A string or number as text; null for null; anything else skipped and returned as "". */
    private static String scalar(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isScalarValue()) {
            return parser.getText();
        }
        parser.skipChildren();
        return "";
    }

    private static String skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return null;
    }

    private static long syncToken(String text) {
        if (text == null) {
            throw new InvalidIpRangesException("ip-ranges.json: missing \"syncToken\"");
        }
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

    private static String createDate(String text) {
        if (text == null) {
            throw new InvalidIpRangesException("ip-ranges.json: missing \"createDate\"");
        }
        try {
            LocalDateTime.parse(text, CREATE_DATE);
            return text;
        } catch (DateTimeParseException e) {
            throw new InvalidIpRangesException("ip-ranges.json: \"createDate\" is not YYYY-MM-DD-hh-mm-ss: \"" + text + "\"");
        }
    }

    /** Reads the array the parser is at (START_ARRAY) up to its END_ARRAY. */
    private static void readEntries(JsonParser parser, String arrayName, String cidrField, IpFamily family,
                                    String onlyService, List<IpPrefix> out) throws IOException {
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), index++) {
            String where = arrayName + "[" + index + "]";
            if (token != JsonToken.START_OBJECT) {
                throw new InvalidIpRangesException("ip-ranges.json " + where + ": expected an object, found " + token);
            }
            String cidr = null;
            String service = null;
            String region = null;
            String border = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                String text = value == JsonToken.VALUE_STRING ? parser.getText() : skip(parser);
                if (field.equals(cidrField)) {
                    cidr = text;
                } else if (field.equals("service")) {
                    service = text;
                } else if (field.equals("region")) {
                    region = text;
                } else if (field.equals("network_border_group")) {
                    border = text;
                }
            }
            required(cidr, cidrField, where);
            required(service, "service", where);
            required(region, "region", where);
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
            out.add(new IpPrefix(Cidrs.canonical(block), family, service, region, border));
        }
    }

    private static void required(String value, String field, String where) {
        if (value == null || value.isEmpty()) {
            throw new InvalidIpRangesException("ip-ranges.json " + where + ": missing \"" + field + "\"");
        }
    }
}
