package io.opsnotify.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What a check prints. The first text line is the summary ({@link CheckStatus#line}); JSON is a
 * tree built with Jackson with at least {@code "status"} and {@code "summary"}; the exit code is
 * {@code status().exitCode()}. The command prints it in one place (the CLI's command base).
 */
public interface CheckReport {
    CheckStatus status();

    /** The summary line first, then the details; every entry one line (values escaped). */
    List<String> textLines();

    /** The {@code --output json} document. */
    JsonNode json(ObjectMapper mapper);
}
