package io.opsnotify.notifier.slack;

import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.base.Secret;

/** Posts a message to an Incoming Webhook. */
public interface SlackSender {

    /**
     * @return the number of HTTP attempts it took (1 when the first post was accepted)
     * @throws SlackDeliveryException when Slack refused the message or no attempt succeeded in time
     */
    int post(Secret webhookUrl, byte[] jsonPayload, Deadline deadline) throws SlackDeliveryException, InterruptedException;
}
