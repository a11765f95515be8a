package io.opsnotify.aws;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;

/** SNS topic look-ups shared by deploy and test-event. */
public final class Topics {
    private Topics() {
    }

    /** The ARN of the topic with this name in the client's region, or null (ListTopics, paginated). */
    public static String findByName(SnsClient sns, String name) {
        for (Topic t : sns.listTopicsPaginator(r -> { }).topics()) {
            if (t.topicArn().endsWith(":" + name)) {
                return t.topicArn();
            }
        }
        return null;
    }
}
