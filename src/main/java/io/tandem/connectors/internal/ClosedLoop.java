package io.tandem.connectors.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.lead.LeadData;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadEditing;
import io.tandem.lead.LeadHandoffs;
import io.tandem.lead.LeadStages;
import io.tandem.lead.LeadSummary;
import io.tandem.lifecycle.Stage;
import io.tandem.opportunity.LostReason;
import io.tandem.opportunity.Opportunities;
import io.tandem.opportunity.OpportunityTerms;
import io.tandem.shared.Actor;

/**
 * What sales did in the CRM becomes Tandem's history, with the CRM as actor: accepted → SAL; rejected → back to
 * marketing's Nurture; converted → SQL and an opportunity record; its stage, amount, won or lost as the CRM says.
 * Each reported change is applied once, whoever reports it how often (a page read again, a webhook retried).
 */
@Component
public class ClosedLoop {

    /** A few words for the sync log on what a change did. */
    public record Applied(boolean firstTime, UUID leadId, String outcome) {
    }

    private final JdbcClient jdbc;
    private final CrmLinks links;
    private final LeadDirectory leads;
    private final LeadHandoffs handoffs;
    private final LeadStages stages;
    private final LeadEditing editing;
    private final Opportunities opportunities;
    private final Clock clock;

    ClosedLoop(JdbcClient jdbc, CrmLinks links, LeadDirectory leads, LeadHandoffs handoffs, LeadStages stages,
            LeadEditing editing, Opportunities opportunities, Clock clock) {
        this.jdbc = jdbc;
        this.links = links;
        this.leads = leads;
        this.handoffs = handoffs;
        this.stages = stages;
        this.editing = editing;
        this.opportunities = opportunities;
        this.clock = clock;
    }

    static Actor actorFor(Connector connector) {
        return new Actor(null, "crm:" + connector.name(), "crm");
    }

    /** Applies one change in the caller's transaction, unless it was applied before. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Applied apply(Connector connector, CrmClient.CrmChange change) {
        Optional<CrmLinks.Link> link;
        if (change instanceof CrmClient.LeadChange lead) {
            link = lead.tandemLeadId() != null ? links.find(connector.id(), lead.tandemLeadId())
                    : links.byCrmId(connector.id(), lead.crmId());
        } else {
            CrmClient.OpportunityChange deal = (CrmClient.OpportunityChange) change;
            link = deal.tandemLeadId() != null ? links.find(connector.id(), deal.tandemLeadId())
                    : links.byCrmOpportunity(connector.id(), deal.crmId());
        }
        if (link.isEmpty()) {
            // Not a lead Tandem transferred out: nothing of Tandem's to change, and nothing recorded, so that it
            // is applied should the link appear later (e.g. a deal reported before its lead's conversion).
            return new Applied(false, null, "not a lead transferred out from Tandem");
        }
        UUID leadId = link.get().leadId();
        boolean first = jdbc.sql("""
                insert into crm_inbound_change (connector_id, object, crm_id, version, lead_id, outcome, applied_at)
                values (:connector, :object, :crm, :version, :lead, :outcome, :now) on conflict do nothing
                """).param("connector", connector.id()).param("object", change.object()).param("crm", change.crmId())
                .param("version", change.version()).param("lead", leadId).param("outcome", "applying")
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update() == 1;
        if (!first) {
            return new Applied(false, leadId, "already applied");
        }
        String outcome = change instanceof CrmClient.LeadChange lead ? leadChanged(connector, link.get(), lead)
                : opportunityChanged(connector, link.get(), (CrmClient.OpportunityChange) change);
        jdbc.sql("""
                update crm_inbound_change set outcome = :outcome
                where connector_id = :connector and object = :object and crm_id = :crm and version = :version
                """).param("connector", connector.id()).param("object", change.object()).param("crm", change.crmId())
                .param("version", change.version()).param("outcome", outcome).update();
        return new Applied(true, leadId, outcome);
    }

    private String leadChanged(Connector connector, CrmLinks.Link link, CrmClient.LeadChange change) {
        Instant now = clock.instant();
        links.reported(connector.id(), link.leadId(), change.crmId(), change.status(), change.owner(),
                change.convertedOpportunityId(), now);
        StringBuilder outcome = new StringBuilder();
        if (takeFields(connector, link.leadId(), change.fields())) {
            outcome.append("fields updated; ");
        }
        String status = change.status();
        if (change.converted()) {
            outcome.append(reach(connector, link.leadId(), Stage.SQL, "converted in the CRM"));
        } else if (status != null && acceptedStatuses(connector).contains(status)) {
            outcome.append(reach(connector, link.leadId(), Stage.SAL, "CRM status " + status));
        } else if (status != null && rejectedStatuses(connector).contains(status)) {
            outcome.append(rejected(connector, link.leadId(), "rejected in the CRM: " + status));
        } else {
            outcome.append("status ").append(status);
        }
        return outcome.toString();
    }

    /**
     * The lead statuses that mean "sales accepted it": the admin's, else the CRM's standard values (Salesforce's
     * default Lead Status pick-list, HubSpot's default hs_lead_status options).
     */
    static java.util.Set<String> acceptedStatuses(Connector connector) {
        java.util.Set<String> configured = connector.settingList("acceptedStatuses");
        if (!configured.isEmpty()) {
            return configured;
        }
        return switch (connector.kind()) {
            case SALESFORCE -> java.util.Set.of("Working - Contacted");
            case HUBSPOT -> java.util.Set.of("IN_PROGRESS", "CONNECTED", "OPEN_DEAL");
            case WEBHOOK -> java.util.Set.of();
        };
    }

    static java.util.Set<String> rejectedStatuses(Connector connector) {
        java.util.Set<String> configured = connector.settingList("rejectedStatuses");
        if (!configured.isEmpty()) {
            return configured;
        }
        return switch (connector.kind()) {
            case SALESFORCE -> java.util.Set.of("Closed - Not Converted");
            case HUBSPOT -> java.util.Set.of("UNQUALIFIED", "BAD_TIMING");
            case WEBHOOK -> java.util.Set.of();
        };
    }

    /** A rejection from the CRM (a status, or the webhook's "rejected" with its reason): back to Nurture. */
    public String rejected(Connector connector, UUID leadId, String reason) {
        LeadSummary lead = leads.summaries(java.util.List.of(leadId)).get(leadId);
        if (lead == null || lead.transferPending()) {
            return "not moved";
        }
        if (Stage.MQL.equals(lead.stage()) || Stage.SAL.equals(lead.stage()) || Stage.SQL.equals(lead.stage())) {
            stages.move(leadId, Stage.NURTURE, reason, "crm", actorFor(connector));
            return "→ NURTURE (" + reason + ")";
        }
        return "stays " + lead.stage();
    }

    /**
     * Walks the lead up the waterfall to the stage the CRM's news implies (MQL → SAL → SQL), one allowed move at a
     * time, so that every stage in between has its date.
     */
    public String reach(Connector connector, UUID leadId, String target, String reason) {
        Actor actor = actorFor(connector);
        StringBuilder moves = new StringBuilder();
        for (int guard = 0; guard < 3; guard++) {
            LeadSummary lead = leads.summaries(java.util.List.of(leadId)).get(leadId);
            if (lead == null || lead.transferPending() || target.equals(lead.stage())) {
                break;
            }
            if (Stage.MQL.equals(lead.stage())) {
                handoffs.acceptInCrm(leadId, reason, actor);
                moves.append("→ SAL ");
            } else if (Stage.SAL.equals(lead.stage()) && Stage.SQL.equals(target)) {
                stages.move(leadId, Stage.SQL, reason, "crm", actor);
                moves.append("→ SQL ");
            } else {
                break;
            }
        }
        return moves.isEmpty() ? "no stage change" : moves.toString().strip();
    }

    private String opportunityChanged(Connector connector, CrmLinks.Link link, CrmClient.OpportunityChange deal) {
        Actor actor = actorFor(connector);
        UUID opportunityId = link.opportunityId();
        StringBuilder outcome = new StringBuilder();
        if (opportunityId == null) {
            links.reported(connector.id(), link.leadId(), null, null, null, deal.crmId(), clock.instant());
            outcome.append(reach(connector, link.leadId(), Stage.SQL, "opportunity in the CRM")).append("; ");
            LeadSummary lead = leads.summaries(java.util.List.of(link.leadId())).get(link.leadId());
            if (lead == null || !Stage.SQL.equals(lead.stage())) {
                return outcome.append("lead is ").append(lead == null ? "gone" : lead.stage())
                        .append(", no opportunity opened").toString();
            }
            // A deal without a close date yet gets the quarter's usual horizon; the CRM's date replaces it later.
            LocalDate expectedClose = deal.closeDate() != null ? deal.closeDate()
                    : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(90);
            opportunityId = opportunities.convert(link.leadId(), new OpportunityTerms(opportunityName(deal, lead),
                    amountOrZero(deal.amount()), deal.currency(), expectedClose, null), actor);
            links.opportunityOpened(connector.id(), link.leadId(), opportunityId);
            outcome.append("opportunity opened");
        }
        Opportunities.Snapshot now = opportunities.snapshot(opportunityId).orElse(null);
        if (now == null || now.closed()) {
            return outcome.append(now == null ? "; opportunity gone" : "; already closed").toString();
        }
        if (deal.amount() != null && (now.amount() == null || now.amount().compareTo(deal.amount()) != 0)
                || !Objects.equals(deal.closeDate(), now.expectedClose()) && deal.closeDate() != null) {
            opportunities.revise(opportunityId, new OpportunityTerms(now.name(),
                    deal.amount() == null ? now.amount() : deal.amount(), now.currency(),
                    deal.closeDate() == null ? now.expectedClose() : deal.closeDate(), null), actor);
            outcome.append("; amount ").append(deal.amount());
        }
        String stage = pipelineStage(connector, deal.stage());
        if (!deal.closed() && stage != null && !stage.equals(now.stageCode())) {
            opportunities.advance(opportunityId, stage, actor);
            outcome.append("; stage ").append(stage);
        }
        if (deal.won()) {
            opportunities.win(opportunityId, amountOrZero(deal.amount() == null ? now.amount() : deal.amount()),
                    deal.closeDate() == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                            : deal.closeDate(), actor);
            outcome.append("; won");
        } else if (deal.closed()) {
            opportunities.lose(opportunityId, LostReason.OTHER, "lost in the CRM: " + deal.stage(), actor);
            outcome.append("; lost");
        }
        return outcome.toString();
    }

    /** An opportunity must have a name: the CRM's, else the company's or the person's, else the CRM's id. */
    private static String opportunityName(CrmClient.OpportunityChange deal, LeadSummary lead) {
        for (String name : new String[] { deal.name(), lead.company(), lead.name() }) {
            if (name != null && !name.isBlank()) {
                return name;
            }
        }
        return "CRM " + deal.crmId();
    }

    /** The CRM's stage name in Tandem's pipeline: through the mapping's value map, or the same code if it exists. */
    private String pipelineStage(Connector connector, String crmStage) {
        if (crmStage == null) {
            return null;
        }
        Object mapped = connector.mappingOf("opportunity.stage").map(m -> m.fromCrmValue(crmStage)).orElse(crmStage);
        String code = String.valueOf(mapped);
        return opportunities.stageCodes().contains(code) ? code : null;
    }

    private static BigDecimal amountOrZero(BigDecimal amount) {
        return amount == null ? BigDecimal.ZERO : amount;
    }

    /** Fields mapped back from the CRM, each by its conflict rule. @return whether any changed */
    private boolean takeFields(Connector connector, UUID leadId, Map<String, Object> crmValues) {
        if (crmValues == null || crmValues.isEmpty()) {
            return false;
        }
        LeadSummary lead = leads.summaries(java.util.List.of(leadId)).get(leadId);
        if (lead == null) {
            return false;
        }
        Map<String, Object> current = TandemRecords.values(lead, Map.of(), null);
        Map<String, String> changed = new java.util.LinkedHashMap<>();
        for (FieldMapping mapping : connector.mappings()) {
            if (!mapping.direction().fromCrm() || !crmValues.containsKey(mapping.crmField())) {
                continue;
            }
            Object crm = mapping.fromCrmValue(crmValues.get(mapping.crmField()));
            String crmText = crm == null || String.valueOf(crm).isBlank() ? null : String.valueOf(crm);
            Object mine = current.get(mapping.tandemField());
            boolean take = switch (mapping.conflictRule()) {
                case CRM_WINS -> true;
                case CRM_UNLESS_BLANK -> crmText != null;
                case TANDEM_WINS -> mine == null && crmText != null;
            };
            if (take && !Objects.equals(crmText, mine) && EDITABLE.contains(mapping.tandemField())) {
                changed.put(mapping.tandemField(), crmText);
            }
        }
        if (changed.isEmpty()) {
            return false;
        }
        java.util.function.Function<String, String> value = field -> changed.containsKey(field) ? changed.get(field)
                : (String) current.get(field);
        editing.edit(leadId, new LeadData(value.apply("name"), value.apply("email"), value.apply("phone"),
                value.apply("company"), value.apply("title"), value.apply("industry"), value.apply("companySize"),
                value.apply("province"), value.apply("city"), value.apply("country"), null,
                value.apply("sourceDetail"), null, null, null, null, null, null), actorFor(connector));
        return true;
    }

    /** The fields a CRM may change in Tandem: the person's own, not Tandem's bookkeeping. */
    static final java.util.Set<String> EDITABLE = java.util.Set.of("name", "email", "phone", "company", "title",
            "industry", "companySize", "province", "city", "country", "sourceDetail");
}
