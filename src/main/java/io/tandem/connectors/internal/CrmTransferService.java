package io.tandem.connectors.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.connectors.CrmTransfers;
import io.tandem.connectors.LeadTransferredOut;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadSummary;
import io.tandem.lifecycle.Stage;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.NotFoundException;

/**
 * Transfers out to a CRM. Only a qualified lead goes (MQL or a sales stage): the CRM gets what sales should work, never
 * the whole lead pool. The transfer itself is a link row and an event in the caller's transaction; the event, through
 * the outbox, queues the delivery.
 */
@Service
public class CrmTransferService implements CrmTransfers {

    /** The stages a lead may be in to go to a CRM. */
    static final Set<String> QUALIFIED = Set.of(Stage.MQL, Stage.SAL, Stage.SQL, Stage.OPPORTUNITY);

    private final ConnectorStore connectors;
    private final CrmLinks links;
    private final LeadDirectory leads;
    private final TandemRecords records;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    CrmTransferService(ConnectorStore connectors, CrmLinks links, LeadDirectory leads, TandemRecords records,
            ApplicationEventPublisher events, AuditLog audit, Clock clock) {
        this.connectors = connectors;
        this.links = links;
        this.leads = leads;
        this.records = records;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public List<ConnectorSummary> destinations() {
        return connectors.enabled().stream().map(c -> new ConnectorSummary(c.id(), c.name(), c.kind().name()))
                .toList();
    }

    @Override
    @Transactional
    public void transferOut(UUID leadId, UUID connectorId, Actor actor) {
        if (connectorId == null) {
            throw BadInputException.of(FieldProblem.of("connector", "crm.connectorRequired"));
        }
        Connector connector = connectors.find(connectorId).filter(Connector::enabled)
                .orElseThrow(() -> BadInputException.of(FieldProblem.of("connector", "crm.connectorUnknown")));
        LeadSummary lead = leads.summaries(List.of(leadId)).get(leadId);
        if (lead == null) {
            throw new NotFoundException("Lead", leadId);
        }
        requireQualified(lead);
        Map<String, Object> values = records.of(List.of(leadId)).get(leadId);
        OutboundPayloads.Built built = OutboundPayloads.build(connector, leadId, null, values, true);
        if (!built.sendable()) {
            throw BadInputException.of(FieldProblem.of("lead", "crm.requiredBlank", String.join(", ",
                    built.missing())));
        }
        Instant now = clock.instant();
        links.link(connector.id(), leadId, actor.name(), now);
        audit.record(actor, AuditAction.UPDATED, "lead", leadId, "transferred out to " + connector.name());
        events.publishEvent(new LeadTransferredOut(leadId, connector.id(), connector.name(), actor.name(), now));
    }

    /**
     * A connector's automatic rule sends a new MQL: the same as a person's transfer, except that a lead that cannot go
     * (no longer qualified, a required field blank, already linked) is left alone instead of refused.
     *
     * @return whether it was transferred out
     */
    @Transactional
    public boolean transferOutByRule(UUID leadId, Connector connector, Actor actor) {
        LeadSummary lead = leads.summaries(List.of(leadId)).get(leadId);
        if (lead == null || !qualified(lead) || links.find(connector.id(), leadId).isPresent()) {
            return false;
        }
        if (!OutboundPayloads.build(connector, leadId, null, records.of(List.of(leadId)).get(leadId), true)
                .sendable()) {
            return false;
        }
        Instant now = clock.instant();
        links.link(connector.id(), leadId, actor.name(), now);
        audit.record(actor, AuditAction.UPDATED, "lead", leadId, "transferred out to " + connector.name());
        events.publishEvent(new LeadTransferredOut(leadId, connector.id(), connector.name(), actor.name(), now));
        return true;
    }

    /** Whether the lead may go to a CRM now: see {@link #requireQualified}. */
    public static boolean qualified(LeadSummary lead) {
        return QUALIFIED.contains(lead.stage()) && !lead.transferPending();
    }

    /** The lead pool is never dumped into a CRM: only leads marketing qualified, and none a rep must still answer. */
    static void requireQualified(LeadSummary lead) {
        if (!QUALIFIED.contains(lead.stage())) {
            throw BadInputException.of(FieldProblem.of("stage", "crm.onlyQualified", lead.stage()));
        }
        if (lead.transferPending()) {
            throw BadInputException.of(FieldProblem.of("stage", "handoff.pending"));
        }
    }
}
