package io.tandem.connectors.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.lifecycle.Stage;
import io.tandem.shared.BadInputException;
import io.tandem.shared.NotFoundException;
import tools.jackson.databind.JsonNode;

/**
 * What a CRM reports through Tandem's signed inbound endpoint: sales accepted or rejected a lead transferred out to
 * it, or an opportunity from it changed, was won or lost. Each message is verified with the connector's
 * {@code signingSecret} (Standard Webhooks) and applied once, whatever the number of times it is delivered: its
 * {@code webhook-id} is recorded with the change in one transaction, and a message whose id was recorded is
 * acknowledged without being applied again. The CRM is the actor of everything that follows.
 */
@Component
public class InboundEvents {

    public static final List<String> TYPES = List.of("lead.accepted", "lead.rejected", "opportunity.updated",
            "opportunity.won", "opportunity.lost");

    /** What a message did. */
    public record Received(boolean firstTime, UUID leadId, String outcome) {
    }

    private final ConnectorStore connectors;
    private final CrmLinks links;
    private final ClosedLoop closedLoop;
    private final SyncLog syncLog;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    InboundEvents(ConnectorStore connectors, CrmLinks links, ClosedLoop closedLoop, SyncLog syncLog, JdbcClient jdbc,
            TransactionTemplate transactions, Clock clock) {
        this.connectors = connectors;
        this.links = links;
        this.closedLoop = closedLoop;
        this.syncLog = syncLog;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The message as it came: the three Standard Webhooks headers and the body exactly as received. */
    public record Message(String id, String timestamp, String signature, String body) {
    }

    /**
     * Verifies and applies one message.
     *
     * @throws NotFoundException when the connector does not exist or is switched off
     * @throws StandardWebhooks.InvalidSignature when a header is missing, the timestamp is stale or the signature
     *         does not match
     * @throws BadInputException naming the field when the body is not a valid event
     */
    public Received receive(UUID connectorId, Message message) throws StandardWebhooks.InvalidSignature {
        Connector connector = connectors.find(connectorId).filter(Connector::enabled)
                .orElseThrow(() -> new NotFoundException("Connector", connectorId));
        String secret = connector.secret("signingSecret");
        if (secret == null) {
            throw new StandardWebhooks.InvalidSignature(
                    "this connector has no signing secret, so it takes no events: set one first");
        }
        String body = message.body() == null ? "" : message.body();
        StandardWebhooks.verify(secret, message.id(), message.timestamp(), message.signature(), body,
                clock.instant());
        Event event = parse(connector, message.id().strip(), body);
        return transactions.execute(tx -> {
            Received received = event.lead() ? leadEvent(connector, event) : opportunityEvent(connector, event);
            syncLog.write(List.of(new SyncLog.Entry(connector.id(), received.leadId(), null, "IN", clock.instant(),
                    null, "event " + event.type(), message.id() + "\n" + body, 204, received.outcome(), null,
                    null)));
            return received;
        });
    }

    private record Event(String type, String webhookId, UUID leadId, String reason, String opportunityId,
            String name, String stage, BigDecimal amount, String currency, LocalDate closeDate) {

        boolean lead() {
            return type.startsWith("lead.");
        }
    }

    private Received leadEvent(Connector connector, Event event) {
        if (links.find(connector.id(), event.leadId()).isEmpty()) {
            throw BadInputException.of("leadId", "is not a lead transferred out to this connector");
        }
        Instant now = clock.instant();
        boolean first = jdbc.sql("""
                insert into crm_inbound_change (connector_id, object, crm_id, version, lead_id, outcome, applied_at)
                values (:connector, 'lead', :crm, :version, :lead, 'pending', :now) on conflict do nothing
                """).param("connector", connector.id()).param("crm", event.leadId().toString())
                .param("version", event.webhookId()).param("lead", event.leadId())
                .param("now", now.atOffset(ZoneOffset.UTC)).update() == 1;
        if (!first) {
            return new Received(false, event.leadId(), "already applied");
        }
        String outcome;
        if ("lead.accepted".equals(event.type())) {
            links.reported(connector.id(), event.leadId(), null, "accepted", null, null, now);
            outcome = closedLoop.reach(connector, event.leadId(), Stage.SAL,
                    event.reason() == null ? "accepted in the CRM" : "accepted in the CRM: " + event.reason());
        } else {
            links.reported(connector.id(), event.leadId(), null, "rejected", null, null, now);
            outcome = closedLoop.rejected(connector, event.leadId(),
                    event.reason() == null ? "rejected in the CRM" : "rejected in the CRM: " + event.reason());
        }
        jdbc.sql("""
                update crm_inbound_change set outcome = :outcome
                where connector_id = :connector and object = 'lead' and crm_id = :crm and version = :version
                """).param("connector", connector.id()).param("crm", event.leadId().toString())
                .param("version", event.webhookId()).param("outcome", outcome).update();
        return new Received(true, event.leadId(), outcome);
    }

    private Received opportunityEvent(Connector connector, Event event) {
        if (event.leadId() != null && links.find(connector.id(), event.leadId()).isEmpty()) {
            throw BadInputException.of("leadId", "is not a lead transferred out to this connector");
        }
        if (event.leadId() == null && links.byCrmOpportunity(connector.id(), event.opportunityId()).isEmpty()) {
            throw BadInputException.of("leadId", "is required until Tandem knows the opportunity "
                    + event.opportunityId() + ": name the lead it came from");
        }
        boolean won = "opportunity.won".equals(event.type());
        boolean lost = "opportunity.lost".equals(event.type());
        LocalDate closeDate = event.closeDate();
        if (closeDate == null && (won || lost)) {
            closeDate = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC); // closed now, as far as Tandem knows
        }
        boolean known = (event.leadId() != null ? links.find(connector.id(), event.leadId())
                : links.byCrmOpportunity(connector.id(), event.opportunityId()))
                .map(link -> link.opportunityId() != null).orElse(false);
        if (closeDate == null && !known) {
            throw BadInputException.of("closeDate", "is required to open the opportunity in Tandem");
        }
        // A lost deal's reason is what Tandem records as why it was lost.
        String stage = lost && event.reason() != null ? event.reason() : event.stage();
        CrmClient.OpportunityChange change = new CrmClient.OpportunityChange("opportunity", event.opportunityId(),
                event.webhookId(), event.leadId(), event.name(), stage, event.amount(), event.currency(),
                closeDate, won, won || lost);
        ClosedLoop.Applied applied = closedLoop.apply(connector, change);
        return new Received(applied.firstTime(), applied.leadId(), applied.outcome());
    }

    private static Event parse(Connector connector, String webhookId, String body) {
        if (webhookId.length() > 256) {
            throw BadInputException.of("webhook-id", "must be at most 256 characters");
        }
        JsonNode json;
        try {
            json = body.isBlank() ? null : ConnectorStore.JSON.readTree(body);
        } catch (RuntimeException notJson) {
            throw BadInputException.of("body", "is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw BadInputException.of("body", "must be a JSON object");
        }
        String type = text(json, "type");
        if (type == null || !TYPES.contains(type)) {
            throw BadInputException.of("type", "must be one of " + String.join(", ", TYPES));
        }
        UUID leadId = null;
        String leadText = text(json, "leadId");
        if (leadText != null) {
            try {
                leadId = UUID.fromString(leadText);
            } catch (IllegalArgumentException notAUuid) {
                throw BadInputException.of("leadId", "must be Tandem's lead id (a UUID)");
            }
        }
        String opportunityId = text(json, "opportunityId");
        if (type.startsWith("lead.") && leadId == null) {
            throw BadInputException.of("leadId", "is required");
        }
        if (type.startsWith("opportunity.") && opportunityId == null) {
            throw BadInputException.of("opportunityId", "is required: the CRM's id of the opportunity");
        }
        BigDecimal amount = null;
        JsonNode amountNode = json.path("amount");
        if (!amountNode.isMissingNode() && !amountNode.isNull()) {
            try {
                amount = amountNode.isNumber() ? amountNode.decimalValue() : new BigDecimal(amountNode.asString());
            } catch (NumberFormatException notANumber) {
                throw BadInputException.of("amount", "must be a number such as 12345.00");
            }
            if (amount.signum() < 0) {
                throw BadInputException.of("amount", "must not be negative");
            }
        }
        LocalDate closeDate = null;
        String closeText = text(json, "closeDate");
        if (closeText != null) {
            try {
                closeDate = LocalDate.parse(closeText);
            } catch (java.time.format.DateTimeParseException notADate) {
                throw BadInputException.of("closeDate", "must be a date such as 2026-12-01");
            }
        }
        String currency = text(json, "currency");
        if (currency != null && !currency.matches("[A-Za-z]{3}")) {
            throw BadInputException.of("currency", "must be a three-letter ISO 4217 code such as CNY");
        }
        return new Event(type, webhookId, leadId, text(json, "reason"), opportunityId, text(json, "name"),
                text(json, "stage"), amount, currency == null ? connector.setting("currency", "CNY")
                        : currency.toUpperCase(Locale.ROOT), closeDate);
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.isValueNode() ? node.asString() : node.toString();
        return text == null || text.isBlank() ? null : text.strip();
    }
}
