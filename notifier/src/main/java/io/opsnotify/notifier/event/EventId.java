package io.opsnotify.notifier.event;

import java.util.regex.Pattern;

/**
 * The id of the record an event points at, typed as the application sent it: a JSON integer is
 * a {@link NumericId}, a JSON string a {@link TextId}. The replica binds it to {@code :id} with
 * the matching JDBC type, so {@code "01001"} is never quietly compared as 1001.
 *
 * <p>Java 17 (the Lambda jar's bytecode level) has no pattern switch: code that treats the two
 * differently switches on {@link #kind()}.
 */
public sealed interface EventId permits NumericId, TextId {
    /** A whole number as the application writes it: no sign but '-', no leading zero, no spaces, no '-0'. */
    Pattern CANONICAL_INTEGER = Pattern.compile("0|-?[1-9][0-9]*");

    /** What an id is; one constant per permitted type. */
    enum Kind {
        NUMERIC,
        TEXT
    }

    Kind kind();

    /** The id as text: in log lines, in {@code {{event.id}}} and in error messages. */
    String text();
}
