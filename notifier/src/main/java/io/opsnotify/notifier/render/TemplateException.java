package io.opsnotify.notifier.render;

import java.util.Objects;

/** A template does not compile, or cannot be rendered with the row it was given. */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which part of the message is wrong: the config loader points at that key. */
    public enum Part {
        /** The {@code text} template. */
        TEXT,
        /** The {@code blocks} JSON or a template inside it. */
        BLOCKS,
        /** The rendered message as a whole (it cannot be written, or it would carry a secret). */
        MESSAGE
    }

    private final Part part;

    public TemplateException(Part part, String message) {
        super(message);
        this.part = Objects.requireNonNull(part, "part");
    }

    public Part part() {
        return part;
    }
}
