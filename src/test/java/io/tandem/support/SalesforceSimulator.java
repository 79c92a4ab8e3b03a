package io.tandem.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Salesforce for tests, written from Salesforce's public REST API documentation: the OAuth 2.0 token
 * endpoint (client credentials and JWT bearer), Lead upsert by an external-id field (one record, and sObject
 * Collections of up to 200), SOQL queries with {@code nextRecordsUrl} paging, and the documented errors
 * (INVALID_SESSION_ID, REQUEST_LIMIT_EXCEEDED, DUPLICATES_DETECTED, REQUIRED_FIELD_MISSING, FIELD_CUSTOM_VALIDATION_EXCEPTION).
 * It keeps its records like an org does — by Salesforce id, found by the external id on upsert — so a client that
 * created instead of upserting would leave duplicates here.
 */
public final class SalesforceSimulator implements AutoCloseable {

    public static final String API = "/services/data/v62.0";
    public static final String EXTERNAL_ID = "Tandem_Id__c";
    public static final String CLIENT_ID = "3MVG9-tandem-test";
    public static final String CLIENT_SECRET = "test-secret";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
            .withZone(ZoneOffset.UTC);

    /** A record as the org holds it. */
    public record SObject(String id, Map<String, Object> fields, Instant modstamp) {
    }

    private final WireMockServer server;
    private final Map<String, SObject> leads = new ConcurrentHashMap<>();
    private final Map<String, SObject> opportunities = new ConcurrentHashMap<>();
    /** Salesforce finds an upsert's record by the external id through an index; so does the simulator. */
    private final Map<String, String> idByExternalId = new ConcurrentHashMap<>();
    /** Records typed in by sales (no external id), which the duplicate rule protects. */
    private final Map<String, String> handEnteredByEmail = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicLong stamps = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, List<ObjectNode>> cursors = new ConcurrentHashMap<>();
    /** Salesforce keeps every session it handed out valid until it expires; so does the simulator. */
    private final java.util.Set<String> validTokens = ConcurrentHashMap.newKeySet();
    /** The certificate uploaded to the connected app for the JWT-bearer flow: its assertions must verify with it. */
    private volatile java.security.PublicKey jwtKey;
    private volatile int pageSize = 200;
    private final List<StubMapping> faults = new ArrayList<>();

    public SalesforceSimulator() {
        server = new WireMockServer(options().dynamicPort().http2PlainDisabled(true).containerThreads(24)
                .extensions(new Behaviour()));
        server.start();
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token"))
                .willReturn(aResponse().withTransformers("salesforce")));
        server.stubFor(patch(urlPathMatching(API + "/sobjects/Lead/" + EXTERNAL_ID + "/.+"))
                .willReturn(aResponse().withTransformers("salesforce")));
        server.stubFor(patch(urlPathEqualTo(API + "/composite/sobjects/Lead/" + EXTERNAL_ID))
                .willReturn(aResponse().withTransformers("salesforce")));
        server.stubFor(get(urlPathMatching(API + "/query.*")).willReturn(aResponse().withTransformers("salesforce")));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    // ---- what the org holds -------------------------------------------------------------------------------------

    public Map<String, SObject> leadsByExternalId() {
        Map<String, SObject> byExternalId = new LinkedHashMap<>();
        leads.values().forEach(lead -> byExternalId.put(String.valueOf(lead.fields().get(EXTERNAL_ID)), lead));
        return byExternalId;
    }

    public long leadsWhere(String field, Object value) {
        return leads.values().stream().filter(lead -> value.equals(lead.fields().get(field))).count();
    }

    public List<SObject> leads() {
        return List.copyOf(leads.values());
    }

    /** How many upserts created a record (the rest updated one). */
    public int created() {
        return created.get();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public void pageSize(int size) {
        pageSize = size;
    }

    // ---- what sales does in Salesforce -------------------------------------------------------------------------

    public synchronized void setStatus(String externalId, String status) {
        update(leads, find(externalId).id(), Map.of("Status", status));
    }

    /** Converts the lead into a new opportunity, as Salesforce's lead conversion does. @return the opportunity id */
    public synchronized String convert(String externalId, String name, BigDecimal amount, String stage) {
        String opportunityId = "006" + String.format("%012d", ids.incrementAndGet());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", name);
        fields.put("StageName", stage);
        fields.put("Amount", amount);
        fields.put("CloseDate", "2026-12-31");
        fields.put("IsWon", false);
        fields.put("IsClosed", false);
        opportunities.put(opportunityId, new SObject(opportunityId, fields, nextStamp()));
        update(leads, find(externalId).id(), Map.of("IsConverted", true, "ConvertedOpportunityId", opportunityId,
                "Status", "Closed - Converted"));
        return opportunityId;
    }

    public synchronized void updateOpportunity(String opportunityId, Map<String, Object> changes) {
        update(opportunities, opportunityId, changes);
    }

    private SObject find(String externalId) {
        String id = idByExternalId.get(externalId);
        if (id == null) {
            throw new IllegalArgumentException("no lead " + externalId);
        }
        return leads.get(id);
    }

    private void update(Map<String, SObject> records, String id, Map<String, Object> changes) {
        SObject old = records.get(id);
        Map<String, Object> fields = new LinkedHashMap<>(old.fields());
        fields.putAll(changes);
        records.put(id, new SObject(id, fields, nextStamp()));
    }

    private Instant nextStamp() {
        return Instant.ofEpochMilli(stamps.incrementAndGet());
    }

    // ---- faults ---------------------------------------------------------------------------------------------------

    /** Every call fails with this status until {@link #recover()}. */
    public void failEverything(int status) {
        faults.add(server.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"message\":\"Service Unavailable\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]"))));
    }

    /** The org's API limit: 429-style answer with Retry-After, as Salesforce's REQUEST_LIMIT_EXCEEDED (HTTP 403). */
    public void limitReached(int retryAfterSeconds) {
        faults.add(server.stubFor(any(urlPathMatching(API + "/.*")).atPriority(1).willReturn(aResponse()
                .withStatus(403).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                .withBody("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"))));
    }

    public void tooManyRequests(int retryAfterSeconds) {
        faults.add(server.stubFor(any(urlPathMatching(API + "/.*")).atPriority(1).willReturn(aResponse()
                .withStatus(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds)))));
    }

    /** Calls to the API answer after this long (a client with a shorter timeout gives up). */
    public void slow(int millis) {
        faults.add(server.stubFor(any(urlPathMatching(API + "/.*")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody("[]").withFixedDelay(millis))));
    }

    /** Every API call takes this long, as a real org over the internet does (the benchmark's 50 ms). */
    public void latency(int millis) {
        server.setGlobalFixedDelay(millis);
    }

    /** The sessions handed out so far expire: the next call gets INVALID_SESSION_ID. */
    public void expireSessions() {
        validTokens.clear();
    }

    public void recover() {
        faults.forEach(server::removeStub);
        faults.clear();
    }

    public int requestsTo(String pathPrefix) {
        return (int) server.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith(pathPrefix)).count();
    }

    public void resetRequests() {
        server.resetRequests();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- the API ----------------------------------------------------------------------------------------------------

    private final class Behaviour implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "salesforce";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String url = event.getRequest().getUrl();
            String method = event.getRequest().getMethod().getName();
            if (url.startsWith("/services/oauth2/token")) {
                return token(event.getRequest().getBodyAsString());
            }
            String auth = event.getRequest().getHeader("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
                return json(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
            }
            if (method.equals("PATCH") && url.startsWith(API + "/composite/sobjects/Lead/")) {
                return collection(JSON.readTree(event.getRequest().getBodyAsString()));
            }
            if (method.equals("PATCH")) {
                String externalId = url.substring(url.lastIndexOf('/') + 1);
                return single(externalId, JSON.readTree(event.getRequest().getBodyAsString()));
            }
            return query(url);
        }
    }

    private ResponseDefinition token(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        boolean clientCredentials = "client_credentials".equals(params.get("grant_type"))
                && CLIENT_ID.equals(params.get("client_id")) && CLIENT_SECRET.equals(params.get("client_secret"));
        boolean jwt = "urn:ietf:params:oauth:grant-type:jwt-bearer".equals(params.get("grant_type"))
                && validAssertion(params.getOrDefault("assertion", ""));
        if (!clientCredentials && !jwt) {
            return json(400, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
        }
        String token = "00D-token-" + tokensIssued.incrementAndGet();
        validTokens.add(token);
        return json(200, "{\"access_token\":\"" + token + "\",\"instance_url\":\"" + baseUrl()
                + "\",\"id\":\"" + baseUrl() + "/id/00D/005\",\"token_type\":\"Bearer\",\"issued_at\":\""
                + System.currentTimeMillis() + "\",\"signature\":\"c2lnbmF0dXJl\"}");
    }

    public void acceptJwtSignedBy(java.security.PublicKey key) {
        jwtKey = key;
    }

    /** Salesforce's checks of a JWT-bearer assertion: RS256 signature, iss = consumer key, aud = login URL, exp ahead. */
    private boolean validAssertion(String assertion) {
        String[] parts = assertion.split("\\.");
        if (parts.length != 3 || jwtKey == null) {
            return false;
        }
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initVerify(jwtKey);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(java.util.Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            JsonNode header = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
            return "RS256".equals(header.path("alg").asString()) && CLIENT_ID.equals(claims.path("iss").asString())
                    && baseUrl().equals(claims.path("aud").asString()) && !claims.path("sub").asString("").isBlank()
                    && claims.path("exp").asLong() > Instant.now().getEpochSecond() - 3600 * 24 * 365;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private synchronized ResponseDefinition single(String externalId, JsonNode body) {
        ObjectNode record = (ObjectNode) body;
        record.put(EXTERNAL_ID, externalId);
        ObjectNode result = upsert(record);
        if (!result.path("success").asBoolean()) {
            return json(400, "[{\"message\":" + JSON.writeValueAsString(result.path("errors").path(0).path("message")
                    .asString()) + ",\"errorCode\":\"" + result.path("errors").path(0).path("statusCode").asString()
                    + "\",\"fields\":" + result.path("errors").path(0).path("fields").toString() + "}]");
        }
        return json(result.path("created").asBoolean() ? 201 : 200, result.toString());
    }

    private synchronized ResponseDefinition collection(JsonNode body) {
        JsonNode records = body.path("records");
        if (records.size() > 200) {
            return json(400, "[{\"message\":\"Maximum number of records is 200\",\"errorCode\":\"EXCEEDED_MAX_SIZE_REQUEST\"}]");
        }
        ArrayNode results = JSON.createArrayNode();
        records.forEach(record -> {
            ObjectNode copy = ((ObjectNode) record).deepCopy();
            copy.remove("attributes");
            results.add(upsert(copy));
        });
        return json(200, results.toString());
    }

    /** The org's own checks, then insert or update by the external id. */
    private ObjectNode upsert(ObjectNode record) {
        ObjectNode result = JSON.createObjectNode();
        String externalId = record.path(EXTERNAL_ID).asString();
        String existingId = idByExternalId.get(externalId);
        SObject existing = existingId == null ? null : leads.get(existingId);
        String lastName = record.has("LastName") ? record.path("LastName").asString(null)
                : existing == null ? null : (String) existing.fields().get("LastName");
        if (lastName == null || lastName.isBlank()) {
            return error(result, "REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]", "LastName");
        }
        if ("INVALID".equals(record.path("Company").asString(null))) {
            return error(result, "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Company must be a real company name",
                    "Company");
        }
        String email = record.path("Email").asString(null);
        String handEntered = email == null ? null : handEnteredByEmail.get(email);
        if (handEntered != null && email.equals(leads.get(handEntered).fields().get("Email"))) {
            return error(result, "DUPLICATES_DETECTED",
                    "Use one of these records? (duplicate rule: Standard Lead Duplicate Rule)");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        record.properties().forEach(entry -> fields.put(entry.getKey(), value(entry.getValue())));
        if (existing == null) {
            String id = "00Q" + String.format("%012d", ids.incrementAndGet());
            fields.putIfAbsent("Status", "Open - Not Contacted");
            fields.put("IsConverted", false);
            leads.put(id, new SObject(id, fields, nextStamp()));
            idByExternalId.put(externalId, id);
            created.incrementAndGet();
            return result.put("id", id).put("success", true).put("created", true).set("errors", JSON.createArrayNode());
        }
        update(leads, existing.id(), fields);
        return result.put("id", existing.id()).put("success", true).put("created", false)
                .set("errors", JSON.createArrayNode());
    }

    /** A record without the external id, as if sales had typed it in: the duplicate rule protects it. */
    public synchronized void existingLead(String lastName, String email) {
        String id = "00Q" + String.format("%012d", ids.incrementAndGet());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("LastName", lastName);
        fields.put("Email", email);
        leads.put(id, new SObject(id, fields, nextStamp()));
        handEnteredByEmail.put(email, id);
    }

    private static ObjectNode error(ObjectNode result, String code, String message, String... fields) {
        result.put("success", false);
        ObjectNode error = result.putArray("errors").addObject();
        error.put("statusCode", code).put("message", message);
        ArrayNode names = error.putArray("fields");
        for (String field : fields) {
            names.add(field);
        }
        return result;
    }

    private static Object value(JsonNode node) {
        return node.isNull() ? null : node.isNumber() ? node.decimalValue() : node.isBoolean() ? node.asBoolean()
                : node.asString();
    }

    private static final Pattern SINCE = Pattern.compile("SystemModstamp >= (\\S+)");

    private ResponseDefinition query(String url) {
        String locatorPrefix = API + "/query/";
        List<ObjectNode> rows;
        String cursor;
        int offset;
        if (url.startsWith(locatorPrefix)) {
            String locator = url.substring(locatorPrefix.length());
            cursor = locator.substring(0, locator.lastIndexOf('-'));
            offset = Integer.parseInt(locator.substring(locator.lastIndexOf('-') + 1));
            rows = cursors.get(cursor);
            if (rows == null) {
                return json(400, "[{\"message\":\"invalid query locator\",\"errorCode\":\"INVALID_QUERY_LOCATOR\"}]");
            }
        } else {
            String soql = URLDecoder.decode(url.substring(url.indexOf("?q=") + 3), StandardCharsets.UTF_8);
            rows = select(soql);
            cursor = "01g" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            cursors.put(cursor, rows);
            offset = 0;
        }
        int end = Math.min(rows.size(), offset + pageSize);
        ObjectNode page = JSON.createObjectNode();
        page.put("totalSize", rows.size());
        page.put("done", end >= rows.size());
        if (end < rows.size()) {
            page.put("nextRecordsUrl", locatorPrefix + cursor + "-" + end);
        }
        ArrayNode records = page.putArray("records");
        rows.subList(offset, end).forEach(records::add);
        return json(200, page.toString());
    }

    private synchronized List<ObjectNode> select(String soql) {
        Matcher since = SINCE.matcher(soql);
        Instant from = since.find() ? Instant.parse(since.group(1)) : Instant.EPOCH;
        boolean opportunity = soql.contains("FROM Opportunity");
        List<SObject> source = new ArrayList<>(opportunity ? opportunities.values()
                : leads.values().stream().filter(l -> l.fields().get(EXTERNAL_ID) != null).toList());
        if (opportunity) {
            // the semi-join: only opportunities converted from leads that carry Tandem's id
            java.util.Set<Object> converted = new java.util.HashSet<>();
            leads.values().stream().filter(l -> l.fields().get(EXTERNAL_ID) != null)
                    .forEach(l -> converted.add(l.fields().get("ConvertedOpportunityId")));
            source.removeIf(o -> !converted.contains(o.id()));
        }
        String type = opportunity ? "Opportunity" : "Lead";
        List<String> columns = List.of(soql.substring("SELECT ".length(), soql.indexOf(" FROM ")).split(",\\s*"));
        return source.stream().filter(record -> !record.modstamp().isBefore(from))
                .sorted(Comparator.comparing(SObject::modstamp).thenComparing(SObject::id)).map(record -> {
                    ObjectNode row = JSON.createObjectNode();
                    row.putObject("attributes").put("type", type).put("url", API + "/sobjects/" + type + "/"
                            + record.id());
                    for (String column : columns) {
                        switch (column) {
                            case "Id" -> row.put("Id", record.id());
                            case "SystemModstamp" -> row.put("SystemModstamp", STAMP.format(record.modstamp()));
                            default -> row.putPOJO(column, record.fields().get(column));
                        }
                    }
                    return row;
                }).toList();
    }

    private static ResponseDefinition json(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json;charset=UTF-8").withBody(body).build();
    }
}
