package io.opsnotify.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.EventResult;
import io.opsnotify.notifier.Notifier;
import io.opsnotify.notifier.Notifiers;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.notifier.base.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the Lambda's code path on this machine: the same {@link Notifier}, the same config
 * loader, the same JDBC and webhook code; only the event comes from the command line.
 */
public final class LocalInvocation {

    private final Map<String, String> env;
    private final ObjectMapper json;

    public LocalInvocation(Map<String, String> env, ObjectMapper json) {
        this.env = env;
        this.json = json;
    }

    /**
     * Loads the config for a local run. A dry run, or a run with its own webhook, does not need
     * slack.webhookUrl to resolve (the operator may not have the secret on this machine).
     *
     * @param webhookOverride null to use the config's webhooks
     */
    public NotifierConfig config(Path file, boolean dryRun, String webhookOverride) {
        NotifierConfig config = new ConfigLoader(env)
                .load(file, new ConfigLoader.Options(!dryRun && webhookOverride == null));
        return webhookOverride == null ? config : config.withWebhookUrl(Secret.of(webhookOverride));
    }

    /** The bare application message {@code {"type":...,"id":...}}; an all-digit id is sent as a number. */
    public byte[] message(String type, String id) {
        return AppMessage.json(json, type, id).getBytes(StandardCharsets.UTF_8);
    }

    public List<EventResult> run(NotifierConfig config, byte[] input, boolean dryRun, long timeoutMs,
                                 Consumer<String> logLines) {
        try (Notifier notifier = Notifiers.create(config, logLines)) {
            return notifier.handle(input, Deadline.inMillis(timeoutMs), dryRun);
        }
    }
}
