package io.tandem.connectors.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Salesforce's REST API: OAuth 2.0 client-credentials or JWT-bearer sign-in (the token is kept and refreshed when
 * Salesforce says the session expired); Lead upsert by an external-id field holding Tandem's id — one record with
 * {@code PATCH …/sobjects/Lead/{field}/{id}}, a backlog through sObject Collections (200 a call); back-sync by SOQL on
 * SystemModstamp, following {@code nextRecordsUrl}.
 */
@Component
public class SalesforceClient implements CrmClient {

    static final int COLLECTION_LIMIT = 200;
    private static final DateTimeFormatter SOQL_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX");
    private static final DateTimeFormatter SALESFORCE_DATETIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    private final CrmCalls calls;
    private final ConnectorStore store;
    private final Clock clock;

    SalesforceClient(CrmCalls calls, ConnectorStore store, Clock clock) {
        this.calls = calls;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.SALESFORCE;
    }

    @Override
    public int batchLimit() {
        return COLLECTION_LIMIT;
    }

    private static String api(Connector connector) {
        return "/services/data/" + connector.setting("apiVersion", "v62.0");
    }

    static String externalIdField(Connector connector) {
        return connector.setting("externalIdField", "Tandem_Id__c");
    }

    @Override
    public CrmRequest prepareUpsert(Connector connector, List<OutboundRecord> records) {
        String field = externalIdField(connector);
        if (records.size() == 1) {
            OutboundRecord record = records.get(0);
            ObjectNode body = ConnectorStore.JSON.createObjectNode();
            record.fields().forEach((name, value) -> { if (!name.equals(field)) body.putPOJO(name, value); });
            return new CrmRequest("PATCH", api(connector) + "/sobjects/Lead/" + field + "/" + record.leadId(),
                    Map.of("Content-Type", "application/json"), body.toString());
        }
        ObjectNode body = ConnectorStore.JSON.createObjectNode();
        body.put("allOrNone", false);
        ArrayNode array = body.putArray("records");
        for (OutboundRecord record : records) {
            ObjectNode node = array.addObject();
            node.putObject("attributes").put("type", "Lead");
            node.put(field, record.leadId().toString());
            record.fields().forEach((name, value) -> { if (!name.equals(field)) node.putPOJO(name, value); });
        }
        return new CrmRequest("PATCH", api(connector) + "/composite/sobjects/Lead/" + field,
                Map.of("Content-Type", "application/json"), body.toString());
    }

    @Override
    public List<RecordResult> upsert(Connector connector, List<OutboundRecord> records) throws CrmCallFailure {
        CrmRequest request = prepareUpsert(connector, records);
        CrmCalls.Answer answer = call(connector, request.method(), request.url(), request.body());
        if (!answer.ok()) {
            boolean aboutTheCall = answer.status() == 401 || answer.status() == 429
                    || "REQUEST_LIMIT_EXCEEDED".equals(problem(answer).code());
            if (records.size() == 1 && answer.status() >= 400 && answer.status() < 500 && !aboutTheCall) {
                // A single upsert's refusal is about its record: say so for that record.
                Problem problem = problem(answer);
                return List.of(RecordResult.refused(records.get(0).leadId(), problem.code(), problem.message(),
                        "UNABLE_TO_LOCK_ROW".equals(problem.code()), answer.body()));
            }
            throw failure(answer);
        }
        if (records.size() == 1) {
            JsonNode node = answer.body() == null || answer.body().isBlank() ? null
                    : ConnectorStore.JSON.readTree(answer.body());
            String id = node == null ? records.get(0).crmId() : node.path("id").asString(null);
            return List.of(RecordResult.delivered(records.get(0).leadId(), id, answer.status() == 201,
                    answer.body()));
        }
        JsonNode results = ConnectorStore.JSON.readTree(answer.body());
        List<RecordResult> outcomes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode result = results.path(i);
            UUID leadId = records.get(i).leadId();
            if (result.path("success").asBoolean(false)) {
                outcomes.add(RecordResult.delivered(leadId, result.path("id").asString(null),
                        result.path("created").asBoolean(false), result.toString()));
            } else {
                JsonNode error = result.path("errors").path(0);
                String code = error.path("statusCode").asString("UNKNOWN");
                outcomes.add(RecordResult.refused(leadId, code, explain(code, error.path("message").asString(""),
                        error.path("fields")), "UNABLE_TO_LOCK_ROW".equals(code), result.toString()));
            }
        }
        return outcomes;
    }

    @Override
    public ChangePage pullChanges(Connector connector, Map<String, String> watermarks) throws CrmCallFailure {
        String field = externalIdField(connector);
        List<CrmChange> changes = new ArrayList<>();
        Map<String, String> next = new LinkedHashMap<>(watermarks);
        List<String> backFields = connector.mappings().stream().filter(m -> m.direction().fromCrm())
                .map(FieldMapping::crmField).filter(name -> !name.contains(".")).distinct().toList();
        String leadSoql = "SELECT Id, " + field + ", Status, IsConverted, ConvertedOpportunityId, OwnerId, "
                + "SystemModstamp" + backFields.stream().filter(name -> !LEAD_FIELDS.contains(name))
                        .map(name -> ", " + name).reduce("", String::concat)
                + " FROM Lead WHERE " + field + " != null" + since(watermarks.get("Lead"))
                + " ORDER BY SystemModstamp, Id";
        for (JsonNode record : query(connector, leadSoql)) {
            String stamp = record.path("SystemModstamp").asString();
            Map<String, Object> values = new LinkedHashMap<>();
            backFields.forEach(name -> values.put(name, scalar(record.path(name))));
            changes.add(new LeadChange("Lead", record.path("Id").asString(), stamp,
                    uuid(record.path(field).asString(null)), record.path("Status").asString(null),
                    record.path("IsConverted").asBoolean(false),
                    record.path("ConvertedOpportunityId").asString(null), record.path("OwnerId").asString(null),
                    values));
            next.put("Lead", stamp);
        }
        String opportunitySoql = "SELECT Id, Name, StageName, Amount, CloseDate, IsWon, IsClosed, SystemModstamp"
                + " FROM Opportunity WHERE Id IN (SELECT ConvertedOpportunityId FROM Lead WHERE " + field
                + " != null)" + since(watermarks.get("Opportunity")) + " ORDER BY SystemModstamp, Id";
        String currency = connector.setting("currency", "CNY");
        for (JsonNode record : query(connector, opportunitySoql)) {
            String stamp = record.path("SystemModstamp").asString();
            String close = record.path("CloseDate").asString(null);
            changes.add(new OpportunityChange("Opportunity", record.path("Id").asString(), stamp, null,
                    record.path("Name").asString(null), record.path("StageName").asString(null),
                    record.path("Amount").isNumber() ? record.path("Amount").decimalValue() : null, currency,
                    close == null ? null : LocalDate.parse(close), record.path("IsWon").asBoolean(false),
                    record.path("IsClosed").asBoolean(false)));
            next.put("Opportunity", stamp);
        }
        return new ChangePage(changes, next);
    }

    private static final java.util.Set<String> LEAD_FIELDS = java.util.Set.of("Id", "Status", "IsConverted",
            "ConvertedOpportunityId", "OwnerId", "SystemModstamp");

    private static String since(String watermark) {
        if (watermark == null) {
            return "";
        }
        // ≥, not >: records stamped in the same millisecond as the last one seen are not skipped; repeats are
        // recognised by their (id, stamp) and applied once.
        OffsetDateTime at = OffsetDateTime.parse(watermark, SALESFORCE_DATETIME);
        return " AND SystemModstamp >= " + at.withOffsetSameInstant(ZoneOffset.UTC).format(SOQL_DATETIME);
    }

    private List<JsonNode> query(Connector connector, String soql) throws CrmCallFailure {
        List<JsonNode> records = new ArrayList<>();
        String url = api(connector) + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
        while (url != null) {
            CrmCalls.Answer answer = call(connector, "GET", url, null);
            if (!answer.ok()) {
                throw failure(answer);
            }
            JsonNode page = ConnectorStore.JSON.readTree(answer.body());
            page.path("records").forEach(records::add);
            url = page.path("done").asBoolean(true) ? null : page.path("nextRecordsUrl").asString(null);
        }
        return records;
    }

    /** One call with the kept token; an expired session is signed in again once and the call repeated. */
    private CrmCalls.Answer call(Connector connector, String method, String path, String body) throws CrmCallFailure {
        ConnectorStore.CachedToken token = token(connector, false);
        CrmCalls.Answer answer = send(connector, token, method, path, body);
        if (answer.status() == 401) {
            token = token(connector, true);
            answer = send(connector, token, method, path, body);
        }
        return answer;
    }

    private CrmCalls.Answer send(Connector connector, ConnectorStore.CachedToken token, String method, String path,
            String body) throws CrmCallFailure {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token.accessToken());
        headers.put("Accept", "application/json");
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return calls.send(connector, method, token.instanceUrl() + path, headers, body);
    }

    private ConnectorStore.CachedToken token(Connector connector, boolean refresh) throws CrmCallFailure {
        if (!refresh) {
            java.util.Optional<ConnectorStore.CachedToken> kept = store.token(connector.id());
            if (kept.isPresent() && (kept.get().expiresAt() == null || kept.get().expiresAt().isAfter(clock.instant()))) {
                return kept.get();
            }
        }
        String login = connector.setting("loginUrl", "https://login.salesforce.com");
        String form;
        if ("jwt_bearer".equalsIgnoreCase(connector.setting("authFlow", "client_credentials"))) {
            form = "grant_type=" + encode("urn:ietf:params:oauth:grant-type:jwt-bearer") + "&assertion="
                    + encode(jwtAssertion(connector, login));
        } else {
            form = "grant_type=client_credentials&client_id=" + encode(connector.setting("clientId", ""))
                    + "&client_secret=" + encode(connector.secret("clientSecret") == null ? ""
                            : connector.secret("clientSecret"));
        }
        CrmCalls.Answer answer = calls.send(connector, "POST", login + "/services/oauth2/token",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"), form);
        if (!answer.ok()) {
            if (answer.status() >= 500 || answer.status() == 429) {
                throw failure(answer);
            }
            JsonNode error = readOrEmpty(answer.body());
            throw new CrmCallFailure(CrmCallFailure.Kind.AUTHENTICATION, answer.status(),
                    "Salesforce refused the sign-in: " + error.path("error").asString("HTTP " + answer.status())
                            + (error.hasNonNull("error_description")
                                    ? " — " + error.path("error_description").asString() : ""),
                    null, answer.body());
        }
        JsonNode granted = ConnectorStore.JSON.readTree(answer.body());
        ConnectorStore.CachedToken token = new ConnectorStore.CachedToken(granted.path("access_token").asString(),
                stripSlash(granted.path("instance_url").asString(login)),
                granted.hasNonNull("expires_in")
                        ? clock.instant().plusSeconds(granted.path("expires_in").asLong() - 60) : null);
        store.saveToken(connector.id(), token);
        return token;
    }

    /** The JWT-bearer flow's assertion: RS256 over iss = the connected app's consumer key, sub = the user. */
    static String jwtAssertion(Connector connector, String audience, Instant now) throws CrmCallFailure {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        ObjectNode claims = ConnectorStore.JSON.createObjectNode();
        claims.put("iss", connector.setting("clientId", ""));
        claims.put("sub", connector.setting("username", ""));
        claims.put("aud", audience);
        claims.put("exp", now.plus(Duration.ofMinutes(3)).getEpochSecond());
        String signingInput = url.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey(connector.secret("privateKey")));
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(rsa.sign());
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new CrmCallFailure(CrmCallFailure.Kind.AUTHENTICATION, 0,
                    "the private key for the JWT-bearer flow cannot be used: " + e.getMessage(), null, null);
        }
    }

    private String jwtAssertion(Connector connector, String login) throws CrmCallFailure {
        return jwtAssertion(connector, login, clock.instant());
    }

    static PrivateKey privateKey(String pem) throws java.security.GeneralSecurityException {
        if (pem == null) {
            throw new java.security.InvalidKeyException("no private key is set");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private record Problem(String code, String message) {
    }

    private static Problem problem(CrmCalls.Answer answer) {
        JsonNode error = readOrEmpty(answer.body());
        JsonNode first = error.isArray() ? error.path(0) : error;
        String code = first.path("errorCode").asString("HTTP_" + answer.status());
        return new Problem(code, explain(code, first.path("message").asString(""), first.path("fields")));
    }

    /** Salesforce's documented error codes, told as what to do about them. */
    static String explain(String code, String message, JsonNode fields) {
        String fieldList = fields != null && fields.isArray() && !fields.isEmpty()
                ? " (fields: " + String.join(", ", fields.valueStream().map(JsonNode::asString).toList()) + ")" : "";
        return switch (code) {
            case "DUPLICATES_DETECTED" -> "Salesforce's duplicate rules matched an existing record; merge it in "
                    + "Salesforce or relax the rule, then replay: " + message;
            case "REQUIRED_FIELD_MISSING" -> "a field Salesforce requires is empty" + fieldList
                    + "; map it or fill it in Tandem, then replay: " + message;
            case "FIELD_CUSTOM_VALIDATION_EXCEPTION", "FIELD_INTEGRITY_EXCEPTION", "INVALID_FIELD",
                    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "STRING_TOO_LONG", "INVALID_EMAIL_ADDRESS" ->
                "Salesforce's validation refused a value" + fieldList + ": " + message
                        + " — fix the mapping's value map or the lead, then replay";
            default -> code + ": " + message + fieldList;
        };
    }

    private CrmCallFailure failure(CrmCalls.Answer answer) {
        Problem problem = problem(answer);
        if (answer.status() == 429 || "REQUEST_LIMIT_EXCEEDED".equals(problem.code())) {
            return new CrmCallFailure(CrmCallFailure.Kind.RATE_LIMITED, answer.status(),
                    "Salesforce's API limit is reached (" + problem.message() + ")", calls.retryAfter(answer),
                    answer.body());
        }
        if (answer.status() == 401) {
            return new CrmCallFailure(CrmCallFailure.Kind.AUTHENTICATION, 401,
                    "Salesforce rejected the session even after signing in again: " + problem.message(), null,
                    answer.body());
        }
        if (answer.status() >= 500) {
            return CrmCallFailure.transientFailure(answer.status(), "Salesforce answered HTTP " + answer.status()
                    + (problem.message().isBlank() ? "" : ": " + problem.message()), answer.body());
        }
        return new CrmCallFailure(CrmCallFailure.Kind.REFUSED, answer.status(), problem.message(), null,
                answer.body());
    }

    private static JsonNode readOrEmpty(String body) {
        try {
            return body == null || body.isBlank() ? ConnectorStore.JSON.createObjectNode()
                    : ConnectorStore.JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return ConnectorStore.JSON.createObjectNode().put("message", body);
        }
    }

    private static Object scalar(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asString();
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
