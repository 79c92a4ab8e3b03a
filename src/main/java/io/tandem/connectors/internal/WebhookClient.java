package io.tandem.connectors.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any other CRM, through a signed webhook: each lead is one {@code POST} to the setting {@code url}, signed per the
 * Standard Webhooks spec with the secret {@code signingSecret} ({@code whsec_<base64>}). What the CRM does with it
 * comes back through Tandem's signed inbound endpoint, not through a pull.
 *
 * <p>The body: the setting {@code template}, a JSON text whose {@code {{name}}} placeholders name the mapped CRM
 * fields (and {@code {{leadId}}}, {@code {{crmId}}}). A placeholder inside a JSON string is replaced by the value's
 * text, JSON-escaped ({@code "Lead {{name}}"}; blank when the value is); one outside a string by the value as JSON
 * ({@code "amount": {{amount}}} → a number, {@code null} when blank). Without a template:
 * {@code {"type":"lead.transferred","leadId":"…","data":{<mapped fields>}}}.
 *
 * <p>{@code webhook-id} is {@code msg_<leadId>_<hash of the body>}: the same content sent again (a retry) has the same
 * id, so the receiver can drop the repeat; changed content is a new message. Answers: 2xx delivered (the record's id
 * in the CRM is the {@code id} of a JSON answer, else the lead's id); 429 slows down; 408 and 5xx are tried again;
 * any other answer refuses the record (an admin looks at it and replays).
 */
@Component
public class WebhookClient implements CrmClient {

    private final CrmCalls calls;
    private final Clock clock;

    WebhookClient(CrmCalls calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.WEBHOOK;
    }

    @Override
    public int batchLimit() {
        return 1;
    }

    @Override
    public boolean pulls() {
        return false;
    }

    @Override
    public CrmRequest prepareUpsert(Connector connector, List<OutboundRecord> records) {
        OutboundRecord record = records.get(0);
        String body = body(connector, record);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(StandardWebhooks.ID, messageId(record, body));
        headers.put(StandardWebhooks.TIMESTAMP, Long.toString(clock.instant().getEpochSecond()));
        return new CrmRequest("POST", connector.setting("url", ""), headers, body);
    }

    @Override
    public List<RecordResult> upsert(Connector connector, List<OutboundRecord> records) throws CrmCallFailure {
        if (records.size() != 1) {
            throw new IllegalArgumentException("a webhook takes one record a call");
        }
        OutboundRecord record = records.get(0);
        String url = connector.setting("url", null);
        if (url == null) {
            throw new CrmCallFailure(CrmCallFailure.Kind.REFUSED, 0, "the connector has no url to post to", null,
                    null);
        }
        String secret = connector.secret("signingSecret");
        if (secret == null) {
            throw new CrmCallFailure(CrmCallFailure.Kind.AUTHENTICATION, 0,
                    "the connector has no signing secret (whsec_…): set one and share it with the receiver", null,
                    null);
        }
        CrmRequest request = prepareUpsert(connector, records);
        String body = request.body();
        try {
            ConnectorStore.JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return List.of(RecordResult.refused(record.leadId(), "TEMPLATE",
                    "the connector's template does not make valid JSON for this lead: fix the template, then replay",
                    false, body));
        }
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        try {
            headers.put(StandardWebhooks.SIGNATURE, StandardWebhooks.sign(secret,
                    headers.get(StandardWebhooks.ID), Long.parseLong(headers.get(StandardWebhooks.TIMESTAMP)), body));
        } catch (IllegalArgumentException badSecret) {
            throw new CrmCallFailure(CrmCallFailure.Kind.AUTHENTICATION, 0,
                    "the connector's signing secret is not whsec_ followed by base64", null, null);
        }
        headers.put("Accept", "application/json");
        CrmCalls.Answer answer = calls.send(connector, "POST", url, headers, body);
        int status = answer.status();
        if (answer.ok()) {
            JsonNode reply = readOrNull(answer.body());
            String id = reply != null && reply.hasNonNull("id") ? reply.path("id").asString()
                    : record.leadId().toString();
            return List.of(RecordResult.delivered(record.leadId(), id, status == 201, answer.body()));
        }
        if (status == 429) {
            throw new CrmCallFailure(CrmCallFailure.Kind.RATE_LIMITED, 429,
                    "the receiver asks Tandem to slow down (HTTP 429)", calls.retryAfter(answer), answer.body());
        }
        if (status == 408 || status >= 500) {
            throw CrmCallFailure.transientFailure(status, "the receiver answered HTTP " + status, answer.body());
        }
        String why = status == 410 ? "the receiver says this endpoint is gone (HTTP 410): set the connector's new url"
                : status == 401 || status == 403 ? "the receiver refused the message (HTTP " + status
                        + "): check that it verifies with the connector's signing secret"
                        : status >= 300 && status < 400 ? "the receiver redirected (HTTP " + status
                                + "): set the connector's url to where it points"
                                : "the receiver refused the record (HTTP " + status + ")";
        return List.of(RecordResult.refused(record.leadId(), "HTTP_" + status, why + detail(answer.body()), false,
                answer.body()));
    }

    @Override
    public ChangePage pullChanges(Connector connector, Map<String, String> watermarks) {
        return new ChangePage(List.of(), watermarks);
    }

    /** The JSON body for one lead, from the connector's template or the default shape. */
    static String body(Connector connector, OutboundRecord record) {
        String template = connector.setting("template", null);
        if (template == null) {
            ObjectNode body = ConnectorStore.JSON.createObjectNode();
            body.put("type", "lead.transferred");
            body.put("leadId", record.leadId().toString());
            ObjectNode data = body.putObject("data");
            record.fields().forEach(data::putPOJO);
            return body.toString();
        }
        Map<String, Object> values = new LinkedHashMap<>(record.fields());
        values.putIfAbsent("leadId", record.leadId().toString());
        values.putIfAbsent("crmId", record.crmId());
        return render(template, values);
    }

    /**
     * Fills {@code {{name}}} placeholders: inside a JSON string with the value's escaped text, elsewhere with the
     * value as a JSON literal.
     */
    static String render(String template, Map<String, Object> values) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        boolean inString = false;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && template.startsWith("{{", i)) {
                int end = template.indexOf("}}", i + 2);
                if (end > 0) {
                    String name = template.substring(i + 2, end).strip();
                    Object value = values.get(name);
                    if (inString) {
                        String json = ConnectorStore.JSON.writeValueAsString(value == null ? "" : String.valueOf(value));
                        out.append(json, 1, json.length() - 1);
                    } else {
                        out.append(ConnectorStore.JSON.writeValueAsString(value));
                    }
                    i = end + 2;
                    continue;
                }
            }
            if (c == '\\' && inString && i + 1 < template.length()) {
                out.append(c).append(template.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '"') {
                inString = !inString;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Stable for the same content: {@code msg_<leadId>_<first 16 hex digits of the body's SHA-256>}. */
    static String messageId(OutboundRecord record, String body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "msg_" + record.leadId() + "_" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        return ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    private static JsonNode readOrNull(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : ConnectorStore.JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
