package io.opsnotify.notifier.event;

import java.math.BigInteger;
import java.util.Objects;

/** An id the application sent as a JSON integer, of any size ({@code BIGINT UNSIGNED} included). */
public record NumericId(BigInteger value) implements EventId {
    public NumericId {
        Objects.requireNonNull(value, "value");
    }

    public static NumericId of(long value) {
        return new NumericId(BigInteger.valueOf(value));
    }

    /** True when the value fits a signed 64-bit {@code long} (a JDBC {@code setLong}). */
    public boolean fitsLong() {
        return value.bitLength() < 64;
    }

    @Override
    public Kind kind() {
        return Kind.NUMERIC;
    }

    @Override
    public String text() {
        return value.toString();
    }
}
