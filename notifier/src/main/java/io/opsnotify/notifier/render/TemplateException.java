package io.opsnotify.notifier.render;

/** A template does not compile, or cannot be rendered with the row it was given. */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
