package io.opsnotify.awslocal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SNS over the AWS query protocol: form posts {@code Action=...&Version=2010-03-31}, XML
 * answers in namespace {@code http://sns.amazonaws.com/doc/2010-03-31/}, errors as
 * {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}.
 *
 * <p>Modeled: Create/DeleteTopic (idempotent by name; tags must match as on AWS),
 * Get/SetTopicAttributes, ListTopics and ListSubscriptionsByTopic (pages of 100 with NextToken),
 * Subscribe (idempotent per topic, protocol and endpoint; confirmed at once), Unsubscribe,
 * Publish, TagResource/UntagResource/ListTagsForResource.
 *
 * <p>Publish to a topic with {@code lambda} subscriptions builds, per subscription, the SNS
 * event exactly as Lambda receives it (one record) and runs the function through
 * {@link LambdaLocal}'s {@link FunctionInvoker}, synchronously; like the real asynchronous
 * invoke, a failing function (or a missing one) never fails the Publish: see {@link #deliveries()}.
 *
 * <p>Not modeled: other protocols' deliveries (they are stored, not delivered), filter
 * policies, FIFO topics, retries/DLQs of the delivery itself, signatures (fixed {@code EXAMPLE}).
 */
public final class SnsLocal implements LocalService {
    static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int PAGE = 100;

    private final LambdaLocal lambda;
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    SnsLocal(LambdaLocal lambda) {
        this.lambda = lambda;
    }

    /** A topic and its subscriptions. */
    public static final class Topic {
        final String name;
        final String arn;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        final List<String> messageIds = new ArrayList<>();

        Topic(String name, String arn) {
            this.name = name;
            this.arn = arn;
        }

        public String name() { return name; }
        public String arn() { return arn; }
        public synchronized Map<String, String> attributes() { return Map.copyOf(attributes); }
        public synchronized Map<String, String> tags() { return Map.copyOf(tags); }
        public synchronized List<Subscription> subscriptions() { return List.copyOf(subscriptions.values()); }
    }

    /** A subscription; {@code lambda} ones have the function ARN as endpoint. */
    public record Subscription(String arn, String topicArn, String protocol, String endpoint) {
    }

    /** One message handed to one lambda subscription, with the exact event and the invocation's outcome. */
    public record Delivery(String topicArn, String subscriptionArn, String messageId, String event,
            Invocation invocation) {
    }

    public synchronized List<Topic> topics() {
        return List.copyOf(topics.values());
    }

    /** The topic by ARN or name, or null. */
    public synchronized Topic topic(String arnOrName) {
        Topic t = topics.get(arnOrName);
        if (t == null) {
            t = topics.values().stream().filter(x -> x.name.equals(arnOrName)).findFirst().orElse(null);
        }
        return t;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public String name() {
        return "sns";
    }

    @Override
    public String action(AwsRequest r) {
        String action = r.form.get("Action");
        if (action == null) {
            throw new AwsError("MissingAction", "aws-local: SNS expects a form post with Action=...", 400);
        }
        return action;
    }

    @Override
    public Map<String, String> params(AwsRequest r) {
        return r.form;
    }

    @Override
    public AwsResponse error(AwsRequest r, AwsError e) {
        String xml = Query.Xml.document().root("ErrorResponse", NS)
                .open("Error")
                .leaf("Type", e.status >= 500 ? "Receiver" : "Sender")
                .leaf("Code", e.code)
                .leaf("Message", e.getMessage())
                .close("Error")
                .leaf("RequestId", Query.requestId())
                .close("ErrorResponse").toString();
        return AwsResponse.xml(e.status, xml);
    }

    @Override
    public AwsResponse handle(AwsRequest r, String action) {
        Map<String, String> p = r.form;
        if (action.equals("Publish")) {
            return publish(p); // deliveries run outside the lock
        }
        synchronized (this) {
            return switch (action) {
                case "CreateTopic" -> createTopic(p, r.region);
                case "DeleteTopic" -> {
                    topics.remove(p.get("TopicArn"));
                    yield ok(action, null);
                }
                case "GetTopicAttributes" -> getTopicAttributes(find(p.get("TopicArn")));
                case "SetTopicAttributes" -> {
                    Topic t = find(p.get("TopicArn"));
                    synchronized (t) {
                        t.attributes.put(p.get("AttributeName"), p.getOrDefault("AttributeValue", ""));
                    }
                    yield ok(action, null);
                }
                case "ListTopics" -> listTopics(p.get("NextToken"));
                case "Subscribe" -> subscribe(p);
                case "ListSubscriptionsByTopic" -> listSubscriptions(find(p.get("TopicArn")), p.get("NextToken"));
                case "Unsubscribe" -> unsubscribe(p.get("SubscriptionArn"));
                case "TagResource" -> {
                    Topic t = find(p.get("ResourceArn"));
                    synchronized (t) {
                        Query.structs(p, "Tags.member").forEach(m -> t.tags.put(m.get("Key"), m.get("Value")));
                    }
                    yield ok(action, new Query.Xml());
                }
                case "UntagResource" -> {
                    Topic t = find(p.get("ResourceArn"));
                    synchronized (t) {
                        Query.list(p, "TagKeys.member").forEach(t.tags::remove);
                    }
                    yield ok(action, new Query.Xml());
                }
                case "ListTagsForResource" -> {
                    Query.Xml x = new Query.Xml().open("Tags");
                    find(p.get("ResourceArn")).tags().forEach((k, v) ->
                            x.open("member").leaf("Key", k).leaf("Value", v).close("member"));
                    yield ok(action, x.close("Tags"));
                }
                default -> throw new AwsError("InvalidAction",
                        "aws-local: SNS action " + action + " is not modeled", 400);
            };
        }
    }

    private AwsResponse createTopic(Map<String, String> p, String region) {
        String name = p.get("Name");
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,256}")) {
            throw new AwsError("InvalidParameter", "Invalid parameter: Topic Name", 400);
        }
        String arn = "arn:aws:sns:" + region + ":" + AwsLocal.ACCOUNT + ":" + name;
        Map<String, String> tags = new LinkedHashMap<>();
        Query.structs(p, "Tags.member").forEach(m -> tags.put(m.get("Key"), m.get("Value")));
        Topic existing = topics.get(arn);
        if (existing != null) {
            if (!tags.isEmpty() && !tags.equals(existing.tags())) {
                throw new AwsError("InvalidParameter",
                        "Invalid parameter: Tags Reason: Topic already exists with different tags", 400);
            }
        } else {
            Topic t = new Topic(name, arn);
            Query.structs(p, "Attributes.entry").forEach(m -> t.attributes.put(m.get("key"), m.get("value")));
            t.tags.putAll(tags);
            topics.put(arn, t);
        }
        return ok("CreateTopic", new Query.Xml().leaf("TopicArn", arn));
    }

    private AwsResponse getTopicAttributes(Topic t) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("TopicArn", t.arn);
        attrs.put("Owner", AwsLocal.ACCOUNT);
        attrs.put("DisplayName", "");
        attrs.put("SubscriptionsConfirmed", String.valueOf(t.subscriptions().size()));
        attrs.put("SubscriptionsPending", "0");
        attrs.put("SubscriptionsDeleted", "0");
        attrs.put("Policy", defaultPolicy(t.arn));
        attrs.putAll(t.attributes());
        Query.Xml x = new Query.Xml().open("Attributes");
        attrs.forEach((k, v) -> x.open("entry").leaf("key", k).leaf("value", v).close("entry"));
        return ok("GetTopicAttributes", x.close("Attributes"));
    }

    private AwsResponse listTopics(String token) {
        List<Topic> all = List.copyOf(topics.values());
        int from = token == null ? 0 : Integer.parseInt(token);
        Query.Xml x = new Query.Xml().open("Topics");
        all.subList(from, Math.min(all.size(), from + PAGE))
                .forEach(t -> x.open("member").leaf("TopicArn", t.arn).close("member"));
        x.close("Topics");
        if (from + PAGE < all.size()) {
            x.leaf("NextToken", String.valueOf(from + PAGE));
        }
        return ok("ListTopics", x);
    }

    private AwsResponse subscribe(Map<String, String> p) {
        Topic t = find(p.get("TopicArn"));
        String protocol = p.get("Protocol");
        String endpoint = p.get("Endpoint");
        synchronized (t) {
            Subscription existing = t.subscriptions.values().stream()
                    .filter(s -> s.protocol.equals(protocol) && s.endpoint.equals(endpoint))
                    .findFirst().orElse(null);
            Subscription sub = existing != null ? existing
                    : new Subscription(t.arn + ":" + UUID.randomUUID(), t.arn, protocol, endpoint);
            t.subscriptions.put(sub.arn, sub);
            return ok("Subscribe", new Query.Xml().leaf("SubscriptionArn", sub.arn));
        }
    }

    private AwsResponse listSubscriptions(Topic t, String token) {
        List<Subscription> all = t.subscriptions();
        int from = token == null ? 0 : Integer.parseInt(token);
        Query.Xml x = new Query.Xml().open("Subscriptions");
        for (Subscription s : all.subList(from, Math.min(all.size(), from + PAGE))) {
            x.open("member").leaf("TopicArn", s.topicArn).leaf("Protocol", s.protocol)
                    .leaf("SubscriptionArn", s.arn).leaf("Owner", AwsLocal.ACCOUNT)
                    .leaf("Endpoint", s.endpoint).close("member");
        }
        x.close("Subscriptions");
        if (from + PAGE < all.size()) {
            x.leaf("NextToken", String.valueOf(from + PAGE));
        }
        return ok("ListSubscriptionsByTopic", x);
    }

    private AwsResponse unsubscribe(String subscriptionArn) {
        for (Topic t : topics.values()) {
            synchronized (t) {
                if (t.subscriptions.remove(subscriptionArn) != null) {
                    return ok("Unsubscribe", null);
                }
            }
        }
        throw new AwsError("NotFound", "Subscription does not exist", 404);
    }

    private AwsResponse publish(Map<String, String> p) {
        String topicArn = p.getOrDefault("TopicArn", p.get("TargetArn"));
        String message = p.get("Message");
        if (message == null) {
            throw new AwsError("InvalidParameter", "Invalid parameter: Message", 400);
        }
        Topic t;
        List<Subscription> subs;
        String messageId = UUID.randomUUID().toString();
        synchronized (this) {
            t = find(topicArn);
            subs = t.subscriptions();
            synchronized (t) {
                t.messageIds.add(messageId);
            }
        }
        ObjectNode attributes = JSON.createObjectNode();
        for (Map<String, String> a : Query.structs(p, "MessageAttributes.entry")) {
            String type = a.get("Value.DataType");
            String value = type.startsWith("Binary") ? a.get("Value.BinaryValue") : a.get("Value.StringValue");
            attributes.putObject(a.get("Name")).put("Type", type).put("Value", value);
        }
        String timestamp = TIMESTAMP.format(Instant.now());
        for (Subscription s : subs) {
            if (!s.protocol.equals("lambda")) {
                continue;
            }
            byte[] event = snsEvent(s, messageId, t.arn, p.get("Subject"), message, timestamp, attributes);
            FunctionState fn = lambda.function(s.endpoint);
            Invocation invocation = fn != null ? lambda.run(fn, event, "sns")
                    : new Invocation("sns", event, null, "Function not found: " + s.endpoint);
            synchronized (this) {
                deliveries.add(new Delivery(t.arn, s.arn, messageId,
                        new String(event, StandardCharsets.UTF_8), invocation));
            }
        }
        return ok("Publish", new Query.Xml().leaf("MessageId", messageId));
    }

    /** The event Lambda receives from SNS, field for field (see fixtures/sns/order-created-42.json). */
    private static byte[] snsEvent(Subscription s, String messageId, String topicArn, String subject,
            String message, String timestamp, ObjectNode attributes) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", s.arn);
        ObjectNode sns = record.putObject("Sns");
        sns.put("Type", "Notification");
        sns.put("MessageId", messageId);
        sns.put("TopicArn", topicArn);
        sns.put("Subject", subject);
        sns.put("Message", message);
        sns.put("Timestamp", timestamp);
        sns.put("SignatureVersion", "1");
        sns.put("Signature", "EXAMPLE");
        sns.put("SigningCertUrl", "EXAMPLE");
        sns.put("UnsubscribeUrl", "EXAMPLE");
        sns.set("MessageAttributes", attributes.deepCopy());
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String defaultPolicy(String arn) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2008-10-17");
        policy.put("Id", "__default_policy_ID");
        ObjectNode st = policy.putArray("Statement").addObject();
        st.put("Sid", "__default_statement_ID");
        st.put("Effect", "Allow");
        st.putObject("Principal").put("AWS", "*");
        st.putArray("Action").add("SNS:Publish").add("SNS:Subscribe").add("SNS:GetTopicAttributes");
        st.put("Resource", arn);
        st.putObject("Condition").putObject("StringEquals").put("AWS:SourceOwner", AwsLocal.ACCOUNT);
        return policy.toString();
    }

    private Topic find(String arn) {
        Topic t = arn == null ? null : topics.get(arn);
        if (t == null) {
            throw new AwsError("NotFound", "Topic does not exist", 404);
        }
        return t;
    }

    /** {@code <XResponse><XResult>...</XResult><ResponseMetadata/></XResponse>}; no Result when null. */
    private static AwsResponse ok(String action, Query.Xml result) {
        Query.Xml xml = Query.Xml.document().root(action + "Response", NS);
        if (result != null) {
            xml.open(action + "Result").raw(result).close(action + "Result");
        }
        xml.open("ResponseMetadata").leaf("RequestId", Query.requestId()).close("ResponseMetadata");
        return AwsResponse.xml(200, xml.close(action + "Response").toString());
    }
}
