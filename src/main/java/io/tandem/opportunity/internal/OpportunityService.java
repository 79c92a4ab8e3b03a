package io.tandem.opportunity.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.campaign.CampaignMembers;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStages;
import io.tandem.lead.LeadSummary;
import io.tandem.lifecycle.Stage;
import io.tandem.opportunity.LostReason;
import io.tandem.opportunity.OpportunityLost;
import io.tandem.opportunity.OpportunityOpened;
import io.tandem.opportunity.OpportunityWon;
import io.tandem.opportunity.PipelineStage;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.Ids;
import io.tandem.shared.NotFoundException;

/** Converting sales-qualified leads into opportunities and working them to an order or a loss. */
@Service
public class OpportunityService implements io.tandem.opportunity.Opportunities {

    private final OpportunityStore store;
    private final LeadDirectory leads;
    private final LeadStages leadStages;
    private final CampaignMembers campaignMembers;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final Clock clock;

    OpportunityService(OpportunityStore store, LeadDirectory leads, LeadStages leadStages,
            CampaignMembers campaignMembers, ApplicationEventPublisher events, AuditLog audit, JdbcClient jdbc,
            Clock clock) {
        this.store = store;
        this.leads = leads;
        this.leadStages = leadStages;
        this.campaignMembers = campaignMembers;
        this.events = events;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<PipelineStage> stages() {
        return store.stages();
    }

    /**
     * Converts an SQL into an opportunity owned by the lead's owner, linked to its account, with the lead as the
     * primary contact and the lead's campaigns kept for attribution.
     */
    @Override
    @Transactional
    public UUID convert(UUID leadId, io.tandem.opportunity.OpportunityTerms terms, Actor actor) {
        LeadSummary lead = leads.summaries(List.of(leadId)).get(leadId);
        if (lead == null) {
            throw new NotFoundException("Lead", leadId);
        }
        if (!Stage.SQL.equals(lead.stage())) {
            throw BadInputException.of(FieldProblem.of("stage", "opportunity.onlySql", lead.stage()));
        }
        Instant now = clock.instant();
        PipelineStage first = store.stages().stream().filter(PipelineStage::open).findFirst().orElseThrow();
        Opportunity opportunity = Opportunity.open(Ids.next(), lead.accountId(), lead.ownerId(), first, terms, now);
        store.insert(opportunity);
        store.addContact(opportunity.id(), leadId, "PRIMARY", true, now);
        List<UUID> campaigns = campaignsOf(leadId, lead);
        store.addCampaigns(opportunity.id(), campaigns);
        leadStages.move(leadId, Stage.OPPORTUNITY, null, "opportunity", actor);
        store.history(opportunity.id(), "OPENED", opportunity.amount() + " " + opportunity.currency(), actor.name(),
                now);
        audit.record(actor, AuditAction.CREATED, "opportunity", opportunity.id(), opportunity.name());
        events.publishEvent(new OpportunityOpened(opportunity.id(), leadId, opportunity.ownerId(),
                opportunity.amount(), opportunity.currency(), campaigns, now));
        return opportunity.id();
    }

    private List<UUID> campaignsOf(UUID leadId, LeadSummary lead) {
        Set<UUID> campaigns = new LinkedHashSet<>();
        if (lead.firstCampaignId() != null) {
            campaigns.add(lead.firstCampaignId());
        }
        campaignMembers.ofLead(leadId).forEach(membership -> campaigns.add(membership.campaignId()));
        return new ArrayList<>(campaigns);
    }

    @Override
    @Transactional
    public void revise(UUID id, io.tandem.opportunity.OpportunityTerms terms, Actor actor) {
        Opportunity opportunity = store.lock(id);
        opportunity.revise(terms, clock.instant());
        store.update(opportunity);
        store.history(id, "REVISED", opportunity.amount() + " " + opportunity.currency() + ", "
                + opportunity.expectedClose(), actor.name(), clock.instant());
    }

    @Override
    @Transactional
    public void advance(UUID id, String stageCode, Actor actor) {
        Opportunity opportunity = store.lock(id);
        PipelineStage target = stage(stageCode);
        String from = opportunity.advanceTo(target, clock.instant());
        store.update(opportunity);
        store.history(id, "STAGE", from + " → " + target.code(), actor.name(), clock.instant());
    }

    /** Won: the order is created and every lead still at the opportunity stage becomes Won. */
    @Override
    @Transactional
    public UUID win(UUID id, BigDecimal amount, LocalDate wonOn, Actor actor) {
        Opportunity opportunity = store.lock(id);
        Instant now = clock.instant();
        PipelineStage won = store.stages().stream().filter(s -> "WON".equals(s.outcome())).findFirst().orElseThrow();
        opportunity.win(won, amount == null ? opportunity.amount() : amount, now);
        store.update(opportunity);
        UUID orderId = Ids.next();
        LocalDate day = wonOn == null ? LocalDate.ofInstant(now, java.time.ZoneOffset.UTC) : wonOn;
        store.insertOrder(orderId, opportunity, day, now);
        List<UUID> contacts = store.contactLeads(id);
        contacts.forEach(lead -> leadStages.moveIfAllowed(lead, Stage.WON, "opportunity:won",
                opportunity.name(), actor));
        store.history(id, "WON", opportunity.amount() + " " + opportunity.currency(), actor.name(), now);
        audit.record(actor, AuditAction.UPDATED, "opportunity", id, "won " + opportunity.amount());
        events.publishEvent(new OpportunityWon(id, orderId, opportunity.amount(), opportunity.currency(), day,
                contacts, store.campaigns(id), now));
        return orderId;
    }

    @Override
    @Transactional
    public void lose(UUID id, LostReason reason, String comment, Actor actor) {
        Opportunity opportunity = store.lock(id);
        Instant now = clock.instant();
        PipelineStage lost = store.stages().stream().filter(s -> "LOST".equals(s.outcome())).findFirst()
                .orElseThrow();
        opportunity.lose(lost, reason, comment, now);
        store.update(opportunity);
        List<UUID> contacts = store.contactLeads(id);
        contacts.forEach(lead -> leadStages.moveIfAllowed(lead, Stage.LOST, "opportunity:lost",
                reason + (opportunity.lostComment() == null ? "" : ": " + opportunity.lostComment()), actor));
        store.history(id, "LOST", reason.name(), actor.name(), now);
        events.publishEvent(new OpportunityLost(id, reason, opportunity.lostComment(), contacts, now));
    }

    /** Adds a person of the buying group, e.g. the technical evaluator next to the decision maker. */
    @Transactional
    public void addContact(UUID id, UUID leadId, String role, Actor actor) {
        Opportunity opportunity = store.lock(id);
        opportunity.touched(clock.instant());
        if (store.hasContact(id, leadId)) {
            throw BadInputException.of(FieldProblem.of("lead", "opportunity.contactTaken"));
        }
        if (leads.summaries(List.of(leadId)).isEmpty()) {
            throw new NotFoundException("Lead", leadId);
        }
        String cleanRole = role == null || role.isBlank() ? "INFLUENCER" : role.strip();
        store.addContact(id, leadId, cleanRole, false, clock.instant());
        store.addCampaigns(id, campaignsOf(leadId, leads.summaries(List.of(leadId)).get(leadId)));
        store.update(opportunity);
        store.history(id, "CONTACT", leadId + " as " + cleanRole, actor.name(), clock.instant());
    }

    @Transactional
    public void followUp(UUID id, UUID author, String note, Actor actor) {
        if (note == null || note.isBlank()) {
            throw BadInputException.of(FieldProblem.of("note", "opportunity.note"));
        }
        Opportunity opportunity = store.lock(id);
        store.followUp(Ids.next(), id, author, note.strip(), clock.instant());
        if (!opportunity.closed()) {
            opportunity.touched(clock.instant());
            store.update(opportunity);
        }
    }

    @Transactional
    public void delete(UUID id, Actor actor) {
        Opportunity opportunity = store.lock(id);
        jdbc.sql("delete from sales_order where opportunity_id = :id").param("id", id).update();
        jdbc.sql("delete from opportunity where id = :id").param("id", id).update();
        audit.record(actor, AuditAction.DELETED, "opportunity", id, opportunity.name());
    }

    private PipelineStage stage(String code) {
        return store.stages().stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> BadInputException.of(FieldProblem.of("stage", "opportunity.stage")));
    }

    @Override
    public java.util.Optional<io.tandem.opportunity.Opportunities.Snapshot> snapshot(UUID id) {
        return store.find(id).map(o -> new io.tandem.opportunity.Opportunities.Snapshot(o.id(), o.name(), o.stage(),
                o.amount(), o.currency(), o.expectedClose(), o.closed()));
    }

    @Override
    public List<String> stageCodes() {
        return store.stages().stream().map(PipelineStage::code).toList();
    }

    public Opportunity get(UUID id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("Opportunity", id));
    }

    /** Everything the opportunity's page shows besides the opportunity itself. */
    public record Details(List<Contact> contacts, List<UUID> campaignIds, List<Entry> history,
            List<FollowUp> followUps, Order order) {
    }

    public record Contact(UUID leadId, String role, boolean primary) {
    }

    public record Entry(Instant at, String kind, String detail, String actor) {
    }

    public record FollowUp(Instant at, UUID authorId, String note) {
    }

    public record Order(UUID id, BigDecimal amount, String currency, LocalDate wonOn) {
    }

    public Details details(UUID id) {
        List<Contact> contacts = jdbc.sql("""
                select lead_id, role, is_primary from opportunity_contact where opportunity_id = :o
                order by is_primary desc, added_at
                """).param("o", id).query((rs, n) -> new Contact(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getBoolean(3))).list();
        List<Entry> history = jdbc.sql("""
                select occurred_at, kind, detail, actor from opportunity_history where opportunity_id = :o
                order by occurred_at, id
                """).param("o", id).query((rs, n) -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2),
                        rs.getString(3), rs.getString(4))).list();
        List<FollowUp> followUps = jdbc.sql("""
                select occurred_at, author_id, note from opportunity_follow_up where opportunity_id = :o
                order by occurred_at desc
                """).param("o", id).query((rs, n) -> new FollowUp(rs.getTimestamp(1).toInstant(),
                        rs.getObject(2, UUID.class), rs.getString(3))).list();
        Order order = jdbc.sql("select id, amount, currency, won_on from sales_order where opportunity_id = :o")
                .param("o", id).query((rs, n) -> new Order(rs.getObject(1, UUID.class), rs.getBigDecimal(2),
                        rs.getString(3), rs.getObject(4, LocalDate.class))).optional().orElse(null);
        return new Details(contacts, store.campaigns(id), history, followUps, order);
    }

    /** Opportunities within the reader's scope, open ones first, newest change first. */
    public List<Opportunity> list(OpportunityAccess.Scope scope, boolean openOnly, int limit) {
        return jdbc.sql("select " + OpportunityStore.COLUMNS + " from opportunity o where (" + scope.predicate()
                + ")" + (openOnly ? " and o.closed_at is null" : "")
                + " order by (o.closed_at is not null), o.updated_at desc limit :limit").params(scope.params())
                .param("limit", limit).query(OpportunityStore::opportunity).list();
    }

    /** The opportunities a lead is part of, within the reader's scope. */
    public List<Opportunity> ofLead(UUID leadId, OpportunityAccess.Scope scope) {
        return jdbc.sql("select " + OpportunityStore.COLUMNS + """
                 from opportunity o join opportunity_contact c on c.opportunity_id = o.id
                where c.lead_id = :lead and (""" + scope.predicate() + ") order by o.created_at desc")
                .params(scope.params()).param("lead", leadId).query(OpportunityStore::opportunity).list();
    }

    /** Renames a pipeline stage or changes its forecast probability; the stage keeps its code and its place. */
    @Transactional
    public void reviseStage(String code, String nameEn, String nameZh, int probability, Actor actor) {
        PipelineStage stage = stage(code);
        String en = requireName(nameEn, "nameEn");
        String zh = nameZh == null || nameZh.isBlank() ? en : nameZh.strip();
        if (probability < 0 || probability > 100 || (!stage.open() && probability != stage.probability())) {
            throw BadInputException.of("probability", stage.open() ? "enter 0 to 100"
                    : "won is always 100 and lost always 0");
        }
        jdbc.sql("update opportunity_stage set name_en = :en, name_zh = :zh, probability = :p where code = :code")
                .param("en", en).param("zh", zh).param("p", probability).param("code", code).update();
        audit.record(actor, AuditAction.UPDATED, "opportunity_stage", null, code + " " + en + " " + probability + "%");
    }

    /** Adds an open stage after {@code after}, e.g. a technical evaluation between solution and proposal. */
    @Transactional
    public void addStage(String code, String nameEn, String nameZh, int probability, String after, Actor actor) {
        String clean = code == null ? "" : code.strip().toUpperCase(java.util.Locale.ROOT);
        if (!clean.matches("[A-Z][A-Z0-9_]{0,30}")) {
            throw BadInputException.of("code", "use capital letters, digits and _ (e.g. TECH_EVAL)");
        }
        if (stagesByCode().containsKey(clean)) {
            throw BadInputException.of("code", clean + " exists already");
        }
        if (probability < 0 || probability > 100) {
            throw BadInputException.of("probability", "enter 0 to 100");
        }
        PipelineStage previous = stage(after);
        if (!previous.open()) {
            throw BadInputException.of("after", "new stages go between the open stages");
        }
        String en = requireName(nameEn, "nameEn");
        // Positions are spaced by 10; a new stage takes the middle of a gap made by spreading them out first.
        jdbc.sql("update opportunity_stage set position = position * 10").update();
        jdbc.sql("insert into opportunity_stage (code, name_en, name_zh, position, probability, outcome)"
                + " values (:code, :en, :zh, :position, :p, 'OPEN')").param("code", clean).param("en", en)
                .param("zh", nameZh == null || nameZh.isBlank() ? en : nameZh.strip())
                .param("position", previous.position() * 10 + 5).param("p", probability).update();
        audit.record(actor, AuditAction.CREATED, "opportunity_stage", null, clean + " after " + after);
    }

    private static String requireName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw BadInputException.of(field, "enter a name");
        }
        return name.strip();
    }

    public Map<String, PipelineStage> stagesByCode() {
        Map<String, PipelineStage> byCode = new java.util.LinkedHashMap<>();
        store.stages().forEach(stage -> byCode.put(stage.code(), stage));
        return byCode;
    }
}
