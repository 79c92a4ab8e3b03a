package io.tandem.connectors.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HubSpot's CRM API v3, signed in with a private app's access token (secret {@code accessToken}, sent as a bearer
 * token; it does not expire, so a 401 means it was revoked or rotated and an admin must paste the new one).
 *
 * <p>Settings: {@code baseUrl} (default {@code https://api.hubapi.com}), {@code object} (default {@code contacts}; a
 * HubSpot object with a unique property), {@code idProperty} (default {@code tandem_id}: a unique property, created
 * by the HubSpot admin, that holds Tandem's lead id), {@code statusProperty} (default {@code hs_lead_status}, see
 * below), {@code currency} (for deals without {@code deal_currency_code}, default {@code CNY}).
 *
 * <p>Out: {@code POST /crm/v3/objects/{object}/batch/upsert} by the id property, up to {@value #BATCH_LIMIT} records a
 * call. HubSpot answers 200 (all written) or 207 (some failed, listed in {@code errors}); results come in no
 * particular order, so each is matched to its record by the id property's value (or the {@code objectWriteTraceId}
 * Tandem sends along). A 4xx that refuses a whole batch (e.g. one invalid e-mail address) is retried record by record,
 * so that only the bad record is refused. Blank values are sent as {@code ""}, HubSpot's way to clear a property.
 *
 * <p>Back: {@code POST /crm/v3/objects/{object}/search} for records with the id property whose
 * {@code lastmodifieddate} (other objects: {@code hs_lastmodifieddate}; setting {@code modifiedProperty}) is at or
 * after the watermark, oldest first, following {@code paging.next.after}; then {@code deals} by
 * {@code hs_lastmodifieddate} (at the first pull: since the first transfer out), with their contacts read through
 * {@code POST /crm/v4/associations/deals/contacts/batch/read}; deals of no Tandem contact are left out. The watermark per object ("contacts", "deals") is the
 * last modification seen, in epoch milliseconds. HubSpot's search stops at 10,000 results a query: a pull stops there
 * and the next one goes on from the watermark.
 *
 * <p>A contact's status, as the connector's {@code acceptedStatuses} / {@code rejectedStatuses} see it, is its
 * <b>lead status</b> ({@code hs_lead_status}: e.g. {@code IN_PROGRESS}, {@code CONNECTED}, {@code UNQUALIFIED}) —
 * the property sales works with day to day; the lifecycle stage moves on its own in HubSpot and says too little
 * about acceptance. The setting {@code statusProperty} picks another property (e.g. {@code lifecyclestage}). A contact
 * counts as converted when its lifecycle stage is {@code opportunity} or {@code customer} or it has a deal
 * ({@code num_associated_deals} &gt; 0).
 */
@Component
public class HubSpotClient implements CrmClient {

    static final int BATCH_LIMIT = 100;
    static final int SEARCH_PAGE = 100;
    /** HubSpot's search API refuses to page past this many results of one query. */
    static final int SEARCH_CAP = 10_000;
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
    static final String DEALS = "deals";
    private static final Set<String> CONVERTED_STAGES = Set.of("opportunity", "customer");
    private static final List<String> DEAL_PROPERTIES = List.of("dealname", "dealstage", "amount", "closedate",
            "hs_is_closed_won", "hs_is_closed", "deal_currency_code", "hs_lastmodifieddate");

    private final CrmCalls calls;
    private final CrmLinks links;
    private final JdbcClient jdbc;

    HubSpotClient(CrmCalls calls, CrmLinks links, JdbcClient jdbc) {
        this.calls = calls;
        this.links = links;
        this.jdbc = jdbc;
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.HUBSPOT;
    }

    @Override
    public int batchLimit() {
        return BATCH_LIMIT;
    }

    static String baseUrl(Connector connector) {
        String url = connector.setting("baseUrl", "https://api.hubapi.com");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String object(Connector connector) {
        return connector.setting("object", "contacts");
    }

    static String idProperty(Connector connector) {
        return connector.setting("idProperty", "tandem_id");
    }

    /** Contacts keep their last change in {@code lastmodifieddate}, every other object in {@code hs_lastmodifieddate}. */
    static String modifiedProperty(Connector connector) {
        return connector.setting("modifiedProperty",
                "contacts".equals(object(connector)) ? "lastmodifieddate" : "hs_lastmodifieddate");
    }

    @Override
    public CrmRequest prepareUpsert(Connector connector, List<OutboundRecord> records) {
        String idProperty = idProperty(connector);
        ObjectNode body = ConnectorStore.JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (OutboundRecord record : records) {
            ObjectNode input = inputs.addObject();
            input.put("idProperty", idProperty);
            input.put("id", record.leadId().toString());
            input.put("objectWriteTraceId", record.leadId().toString());
            ObjectNode properties = input.putObject("properties");
            record.fields().forEach((name, value) -> {
                if (!name.equals(idProperty)) {
                    if (value == null) {
                        properties.put(name, "");
                    } else {
                        properties.putPOJO(name, value);
                    }
                }
            });
        }
        return new CrmRequest("POST", baseUrl(connector) + "/crm/v3/objects/" + object(connector) + "/batch/upsert",
                Map.of("Content-Type", "application/json"), body.toString());
    }

    @Override
    public List<RecordResult> upsert(Connector connector, List<OutboundRecord> records) throws CrmCallFailure {
        CrmRequest request = prepareUpsert(connector, records);
        CrmCalls.Answer answer = call(connector, request.url(), request.body());
        if (!answer.ok()) {
            if (aboutRecords(answer.status())) {
                if (records.size() == 1) {
                    Problem problem = problem(answer);
                    return List.of(RecordResult.refused(records.get(0).leadId(), problem.code(),
                            explain(problem.code(), problem.message()), false, answer.body()));
                }
                // The batch was refused as a whole for what may be one record's fault: one call per record finds it.
                List<RecordResult> results = new ArrayList<>();
                for (OutboundRecord record : records) {
                    results.addAll(upsert(connector, List.of(record)));
                }
                return results;
            }
            throw failure(answer);
        }
        return results(connector, records, readOrEmpty(answer.body()));
    }

    /** A 2xx answer (200 or 207 multi-status) read record by record, in the order of {@code records}. */
    private static List<RecordResult> results(Connector connector, List<OutboundRecord> records, JsonNode answer) {
        String idProperty = idProperty(connector);
        Map<String, JsonNode> written = new HashMap<>();
        List<JsonNode> unmatched = new ArrayList<>();
        for (JsonNode result : answer.path("results")) {
            String key = result.path("properties").path(idProperty).asString(null);
            if (key == null) {
                key = result.path("objectWriteTraceId").asString(null);
            }
            if (key != null) {
                written.put(key, result);
            } else {
                unmatched.add(result);
            }
        }
        if (records.size() == 1 && written.isEmpty() && unmatched.size() == 1) {
            written.put(records.get(0).leadId().toString(), unmatched.get(0));
        }
        Map<String, JsonNode> failed = new HashMap<>();
        for (JsonNode error : answer.path("errors")) {
            for (String key : errorKeys(error, idProperty)) {
                failed.putIfAbsent(key, error);
            }
        }
        List<RecordResult> outcomes = new ArrayList<>();
        for (OutboundRecord record : records) {
            String key = record.leadId().toString();
            JsonNode result = written.get(key);
            JsonNode error = failed.get(key);
            if (result != null) {
                outcomes.add(RecordResult.delivered(record.leadId(), result.path("id").asString(null),
                        result.path("new").asBoolean(false), result.toString()));
            } else if (error != null) {
                String code = error.path("category").asString("ERROR");
                outcomes.add(RecordResult.refused(record.leadId(), code, explain(code, messageOf(error)),
                        "RATE_LIMITS".equals(code), error.toString()));
            } else {
                outcomes.add(RecordResult.refused(record.leadId(), "NOT_REPORTED",
                        "HubSpot's answer did not mention this record; it is sent again", true, answer.toString()));
            }
        }
        return outcomes;
    }

    /** The records a multi-status error is about: by trace id, by the unique property's value, or by its id. */
    private static Set<String> errorKeys(JsonNode error, String idProperty) {
        Set<String> keys = new LinkedHashSet<>();
        JsonNode context = error.path("context");
        for (String name : List.of("objectWriteTraceId", idProperty, "ids", "id")) {
            JsonNode values = context.path(name);
            if (values.isArray()) {
                values.forEach(value -> keys.add(value.asString()));
            } else if (values.isValueNode()) {
                keys.add(values.asString());
            }
        }
        if (error.hasNonNull("id")) {
            keys.add(error.path("id").asString());
        }
        if (error.hasNonNull("objectWriteTraceId")) {
            keys.add(error.path("objectWriteTraceId").asString());
        }
        return keys;
    }

    @Override
    public ChangePage pullChanges(Connector connector, Map<String, String> watermarks) throws CrmCallFailure {
        List<CrmChange> changes = new ArrayList<>();
        Map<String, String> next = new LinkedHashMap<>(watermarks);
        pullContacts(connector, watermarks, changes, next);
        pullDeals(connector, watermarks, changes, next);
        return new ChangePage(changes, next);
    }

    private void pullContacts(Connector connector, Map<String, String> watermarks, List<CrmChange> changes,
            Map<String, String> next) throws CrmCallFailure {
        String object = object(connector);
        String idProperty = idProperty(connector);
        String statusProperty = connector.setting("statusProperty", "hs_lead_status");
        String modifiedProperty = modifiedProperty(connector);
        List<String> backFields = connector.mappings().stream().filter(m -> m.direction().fromCrm())
                .map(FieldMapping::crmField).distinct().toList();
        Set<String> properties = new LinkedHashSet<>(List.of("lifecyclestage", "hs_lead_status", "hubspot_owner_id",
                "num_associated_deals", modifiedProperty, idProperty, statusProperty));
        properties.addAll(backFields);
        List<Filter> filters = new ArrayList<>();
        filters.add(new Filter(idProperty, "HAS_PROPERTY", null));
        Long since = millis(watermarks.get(object));
        if (since != null) {
            filters.add(new Filter(modifiedProperty, "GTE", since.toString()));
        }
        for (JsonNode record : search(connector, object, filters, modifiedProperty, properties)) {
            JsonNode values = record.path("properties");
            String lifecycle = values.path("lifecyclestage").asString(null);
            long deals = values.path("num_associated_deals").asLong(0);
            Map<String, Object> fields = new LinkedHashMap<>();
            backFields.forEach(name -> fields.put(name, text(values.path(name))));
            changes.add(new LeadChange(object, record.path("id").asString(), version(record, modifiedProperty),
                    uuid(values.path(idProperty).asString(null)), text(values.path(statusProperty)),
                    lifecycle != null && CONVERTED_STAGES.contains(lifecycle) || deals > 0, null,
                    text(values.path("hubspot_owner_id")), fields));
            modified(record, modifiedProperty).ifPresent(at -> next.put(object, Long.toString(at)));
        }
    }

    private void pullDeals(Connector connector, Map<String, String> watermarks, List<CrmChange> changes,
            Map<String, String> next) throws CrmCallFailure {
        Long since = millis(watermarks.get(DEALS));
        if (since == null) {
            // The first pull: a deal can only come from a Tandem lead once one was transferred out; the portal's
            // older deals are not read (HubSpot's search would stop at 10,000 of them anyway).
            Optional<Instant> firstTransfer = firstTransfer(connector);
            if (firstTransfer.isEmpty()) {
                return;
            }
            since = firstTransfer.get().toEpochMilli();
        }
        List<Filter> filters = new ArrayList<>();
        filters.add(new Filter("hs_lastmodifieddate", "GTE", since.toString()));
        List<JsonNode> deals = search(connector, DEALS, filters, "hs_lastmodifieddate",
                new LinkedHashSet<>(DEAL_PROPERTIES));
        Map<String, List<String>> contactsOfDeal = new HashMap<>();
        for (int from = 0; from < deals.size(); from += BATCH_LIMIT) {
            contactsOfDeal.putAll(contactsOf(connector, deals.subList(from, Math.min(deals.size(), from + BATCH_LIMIT))
                    .stream().map(deal -> deal.path("id").asString()).toList()));
        }
        String fallbackCurrency = connector.setting("currency", "CNY");
        for (JsonNode deal : deals) {
            String dealId = deal.path("id").asString();
            modified(deal, "hs_lastmodifieddate").ifPresent(at -> next.put(DEALS, Long.toString(at)));
            UUID leadId = contactsOfDeal.getOrDefault(dealId, List.of()).stream()
                    .map(contact -> links.byCrmId(connector.id(), contact)).flatMap(Optional::stream)
                    .map(CrmLinks.Link::leadId).findFirst().orElse(null);
            if (leadId == null && links.byCrmOpportunity(connector.id(), dealId).isEmpty()) {
                continue; // a deal of the CRM's own, not one that came from a Tandem lead
            }
            JsonNode values = deal.path("properties");
            String currency = text(values.path("deal_currency_code"));
            boolean won = "true".equalsIgnoreCase(text(values.path("hs_is_closed_won")));
            changes.add(new OpportunityChange(DEALS, dealId, version(deal, "hs_lastmodifieddate"), leadId,
                    text(values.path("dealname")), text(values.path("dealstage")), decimal(values.path("amount")),
                    currency == null ? fallbackCurrency : currency, date(text(values.path("closedate"))), won,
                    won || "true".equalsIgnoreCase(text(values.path("hs_is_closed")))));
        }
    }

    private Optional<Instant> firstTransfer(Connector connector) {
        return jdbc.sql("select min(transferred_at) from crm_link where connector_id = :id").param("id", connector.id())
                .query((rs, n) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).list().stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** The contacts of each deal, by HubSpot's v4 associations API. */
    private Map<String, List<String>> contactsOf(Connector connector, List<String> dealIds) throws CrmCallFailure {
        Map<String, List<String>> contacts = new HashMap<>();
        if (dealIds.isEmpty()) {
            return contacts;
        }
        ObjectNode body = ConnectorStore.JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        dealIds.forEach(id -> inputs.addObject().put("id", id));
        CrmCalls.Answer answer = call(connector,
                baseUrl(connector) + "/crm/v4/associations/deals/contacts/batch/read", body.toString());
        if (!answer.ok()) {
            throw failure(answer);
        }
        for (JsonNode result : readOrEmpty(answer.body()).path("results")) {
            List<String> to = new ArrayList<>();
            result.path("to").forEach(target -> to.add(target.path("toObjectId").asString()));
            contacts.put(result.path("from").path("id").asString(), to);
        }
        return contacts;
    }

    /** Every page of one search, oldest change first, up to HubSpot's cap for one query. */
    /** One condition of a search; the conditions of one search must all hold. */
    private record Filter(String propertyName, String operator, String value) {
    }

    private List<JsonNode> search(Connector connector, String object, List<Filter> filters,
            String sortProperty, Set<String> properties) throws CrmCallFailure {
        List<JsonNode> records = new ArrayList<>();
        String after = null;
        do {
            ObjectNode body = ConnectorStore.JSON.createObjectNode();
            if (!filters.isEmpty()) {
                ArrayNode group = body.putArray("filterGroups").addObject().putArray("filters");
                filters.forEach(filter -> {
                    ObjectNode node = group.addObject().put("propertyName", filter.propertyName())
                            .put("operator", filter.operator());
                    if (filter.value() != null) {
                        node.put("value", filter.value());
                    }
                });
            }
            body.putArray("sorts").addObject().put("propertyName", sortProperty).put("direction", "ASCENDING");
            ArrayNode names = body.putArray("properties");
            properties.forEach(names::add);
            body.put("limit", SEARCH_PAGE);
            if (after != null) {
                body.put("after", after);
            }
            CrmCalls.Answer answer = call(connector, baseUrl(connector) + "/crm/v3/objects/" + object + "/search",
                    body.toString());
            if (!answer.ok()) {
                throw failure(answer);
            }
            JsonNode page = readOrEmpty(answer.body());
            page.path("results").forEach(records::add);
            after = page.path("paging").path("next").path("after").asString(null);
        } while (after != null && records.size() + SEARCH_PAGE <= SEARCH_CAP);
        return records;
    }

    private CrmCalls.Answer call(Connector connector, String url, String body) throws CrmCallFailure {
        String token = connector.secret("accessToken");
        if (token == null) {
            throw new CrmCallFailure(CrmCallFailure.Kind.AUTHENTICATION, 0,
                    "no HubSpot access token is set: paste the private app's token into the connector", null, null);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Accept", "application/json");
        headers.put("Content-Type", "application/json");
        return calls.send(connector, "POST", url, headers, body);
    }

    /**
     * Refusals that may be about the records sent (an invalid value, a unique value another record holds); any other
     * answer (401, 403, 404 for an unknown object, 429, 5xx) is about the call as a whole.
     */
    private static boolean aboutRecords(int status) {
        return status == 400 || status == 409 || status == 422;
    }

    private CrmCallFailure failure(CrmCalls.Answer answer) {
        Problem problem = problem(answer);
        if (answer.status() == 429) {
            Duration wait = answer.header("Retry-After").isPresent() ? calls.retryAfter(answer) : DEFAULT_RETRY_AFTER;
            return new CrmCallFailure(CrmCallFailure.Kind.RATE_LIMITED, 429,
                    "HubSpot's rate limit is reached (" + problem.message() + ")", wait, answer.body());
        }
        if (answer.status() == 401) {
            return new CrmCallFailure(CrmCallFailure.Kind.AUTHENTICATION, 401,
                    "HubSpot refused the access token (revoked, rotated or mistyped): paste the private app's "
                            + "current token into the connector — " + problem.message(), null, answer.body());
        }
        if (answer.status() == 403) {
            return new CrmCallFailure(CrmCallFailure.Kind.AUTHENTICATION, 403,
                    "the private app lacks a scope this needs (crm.objects.contacts.read/write, "
                            + "crm.objects.deals.read): " + problem.message(), null, answer.body());
        }
        if (answer.status() >= 500 || answer.status() == 408) {
            return CrmCallFailure.transientFailure(answer.status(), "HubSpot answered HTTP " + answer.status()
                    + (problem.message().isBlank() ? "" : ": " + problem.message()), answer.body());
        }
        return new CrmCallFailure(CrmCallFailure.Kind.REFUSED, answer.status(),
                explain(problem.code(), problem.message()), null, answer.body());
    }

    private record Problem(String code, String message) {
    }

    private static Problem problem(CrmCalls.Answer answer) {
        JsonNode error = readOrEmpty(answer.body());
        return new Problem(error.path("category").asString("HTTP_" + answer.status()), messageOf(error));
    }

    /** HubSpot's message, with the details of each invalid property when it lists them. */
    private static String messageOf(JsonNode error) {
        StringBuilder message = new StringBuilder(error.path("message").asString(""));
        for (JsonNode detail : error.path("errors")) {
            String text = detail.path("message").asString("");
            if (!text.isBlank() && message.indexOf(text) < 0) {
                message.append(message.isEmpty() ? "" : "; ").append(text);
            }
        }
        return message.toString();
    }

    /** HubSpot's error categories, told as what to do about them. */
    static String explain(String category, String message) {
        switch (category) {
            case "VALIDATION_ERROR":
                return "HubSpot's validation refused a value: " + message
                        + " — fix the mapping's value map or the lead, then replay";
            case "CONFLICT":
            case "OBJECT_ALREADY_EXISTS":
                return "HubSpot already has a record with a unique value of this lead (e.g. its e-mail address) "
                        + "under another " + "id; merge them in HubSpot, then replay: " + message;
            case "RATE_LIMITS":
                return "HubSpot's rate limit refused this record; it is sent again: " + message;
            default:
                return category + ": " + message;
        }
    }

    private static String version(JsonNode record, String modifiedProperty) {
        String updatedAt = record.path("updatedAt").asString(null);
        return updatedAt != null ? updatedAt : record.path("properties").path(modifiedProperty).asString("");
    }

    /** When the record last changed, in epoch milliseconds. */
    private static Optional<Long> modified(JsonNode record, String modifiedProperty) {
        Long at = millis(record.path("properties").path(modifiedProperty).asString(null));
        if (at == null) {
            at = millis(record.path("updatedAt").asString(null));
        }
        return Optional.ofNullable(at);
    }

    /**
     * A watermark or a HubSpot datetime as epoch milliseconds: HubSpot writes datetimes either way, and after a
     * change that could not be applied the back-sync keeps that change's version (an ISO instant) as the watermark.
     */
    static Long millis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(text);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            return null;
        }
    }

    private static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        Long at = value.chars().allMatch(Character::isDigit) ? millis(value) : null;
        if (at != null) {
            return LocalDate.ofInstant(Instant.ofEpochMilli(at), java.time.ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(value.length() >= 10 ? value.substring(0, 10) : value);
        } catch (java.time.format.DateTimeParseException notADate) {
            return null;
        }
    }

    private static BigDecimal decimal(JsonNode node) {
        String text = text(node);
        try {
            return text == null ? null : new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** HubSpot's property values are strings; empty means unset. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        String text = node.asString();
        return text == null || text.isEmpty() ? null : text;
    }

    private static JsonNode readOrEmpty(String body) {
        try {
            return body == null || body.isBlank() ? ConnectorStore.JSON.createObjectNode()
                    : ConnectorStore.JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return ConnectorStore.JSON.createObjectNode().put("message", body);
        }
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }
}
