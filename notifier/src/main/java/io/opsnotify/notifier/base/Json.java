package io.opsnotify.notifier.base;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The notifier's JSON: jackson-jr on top of jackson-core, configured once. A JSON tree is plain
 * Java: {@code Map<String, Object>} (a LinkedHashMap, keys in document order), {@code List<Object>},
 * String, Integer/Long/BigInteger, Double, Boolean and null.
 *
 * <p>Not jackson-databind: in the Lambda jar databind and its annotations were 331 loaded classes
 * and ~80 ms of a ~330 ms cold start; jackson-jr adds 32 classes to jackson-core's
 * (docs/performance.md, "jackson-databind removed from the Lambda jar").
 * {@link #read} is as lenient as databind's {@code readTree} was: a repeated key keeps its last
 * value, and anything after the first value is ignored. {@link #readStrict} is for input from
 * outside (events): one value, nothing after it, no key twice in any object.
 */
public final class Json {
    /** What {@link #read} returns for input with no JSON value at all (empty or only whitespace). */
    public static final Object NOTHING = new Object() {
        @Override
        public String toString() {
            return "";
        }
    };

    private static final JSON PLAIN = configure(new JsonFactory());
    /**
     * Strict reading: a key repeated in any object at any depth is an error (jackson-core's
     * STRICT_DUPLICATE_DETECTION, checked while parsing), so two readers of the same event can
     * never see two different values.
     */
    private static final JSON STRICT = configure(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    /** Non-ASCII escaped: a log line stays intact whatever encoding the process's stdout has. */
    private static final JSON ASCII = configure(JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build());

    private Json() {
    }

    private static JSON configure(JsonFactory factory) {
        return JSON.builder(factory)
                .disable(JSON.Feature.USE_DEFERRED_MAPS)        // plain LinkedHashMap
                .enable(JSON.Feature.PRESERVE_FIELD_ORDERING)   // (the default, stated)
                .disable(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS) // last one wins
                .enable(JSON.Feature.WRITE_NULL_PROPERTIES)     // "id":null stays in
                .build();
    }

    /**
     * Parses one JSON value.
     *
     * @return the tree, or {@link #NOTHING} when the input holds no value
     * @throws JsonProcessingException for invalid JSON; its original message and location are jackson-core's
     */
    public static Object read(byte[] in) throws IOException {
        try (JsonParser p = PLAIN.getStreamingFactory().createParser(in)) {
            return read(p);
        }
    }

    /** @see #read(byte[]) */
    public static Object read(String in) throws JsonProcessingException {
        try (JsonParser p = PLAIN.getStreamingFactory().createParser(in)) {
            return read(p);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does no I/O
        }
    }

    private static Object read(JsonParser p) throws IOException {
        return p.nextToken() == null ? NOTHING : PLAIN.anyFrom(p);
    }

    /**
     * Parses exactly one JSON value: a second document, trailing garbage or a key repeated in
     * any object (at any depth) is an error, as is input with no value at all.
     *
     * @throws JsonProcessingException naming the problem and its location (jackson-core's message)
     */
    public static Object readStrict(byte[] in) throws IOException {
        try (JsonParser p = STRICT.getStreamingFactory().createParser(in)) {
            return readStrict(p);
        }
    }

    /** @see #readStrict(byte[]) */
    public static Object readStrict(String in) throws JsonProcessingException {
        try (JsonParser p = STRICT.getStreamingFactory().createParser(in)) {
            return readStrict(p);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does no I/O
        }
    }

    private static Object readStrict(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            return NOTHING;
        }
        Object value = STRICT.anyFrom(p);
        if (p.nextToken() != null) {
            throw new JsonParseException(p,
                    "Trailing content after the JSON value (only one JSON document is allowed)");
        }
        return value;
    }

    /** UTF-8 JSON, non-ASCII as is. */
    public static byte[] bytes(Object tree) {
        try {
            return PLAIN.asBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory: only a tree with a non-JSON value gets here
        }
    }

    /** Compact JSON, non-ASCII as is. */
    public static String string(Object tree) {
        try {
            return PLAIN.asString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON with every non-ASCII character escaped as {@code \\uXXXX}. */
    public static String asciiString(Object tree) {
        try {
            return ASCII.asString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
