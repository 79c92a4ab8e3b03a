package io.tandem.opportunity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.tandem.opportunity.LostReason;
import io.tandem.opportunity.PipelineStage;
import io.tandem.shared.NotFoundException;

/** Opportunities, their buying group, history, follow-ups and orders. */
@Repository
class OpportunityStore {

    static final String COLUMNS = """
            o.id, o.name, o.account_id, o.owner_id, o.stage, o.amount, o.currency, o.expected_close, o.probability,
            o.lost_reason, o.lost_comment, o.created_at, o.updated_at, o.closed_at""";

    private final JdbcClient jdbc;

    OpportunityStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<PipelineStage> stages() {
        return jdbc.sql("select code, name_en, name_zh, position, probability, outcome from opportunity_stage"
                + " order by position").query((rs, n) -> new PipelineStage(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getString(6))).list();
    }

    void insert(Opportunity o) {
        jdbc.sql("""
                insert into opportunity (id, name, account_id, owner_id, stage, amount, currency, expected_close,
                                         probability, created_at, updated_at)
                values (:id, :name, :account, :owner, :stage, :amount, :currency, :close, :probability, :at, :at)
                """).param("id", o.id()).param("name", o.name()).param("account", o.accountId())
                .param("owner", o.ownerId()).param("stage", o.stage()).param("amount", o.amount())
                .param("currency", o.currency()).param("close", o.expectedClose())
                .param("probability", o.probability()).param("at", utc(o.createdAt())).update();
    }

    void update(Opportunity o) {
        jdbc.sql("""
                update opportunity set name = :name, stage = :stage, amount = :amount, currency = :currency,
                    expected_close = :close, probability = :probability, lost_reason = :reason,
                    lost_comment = :comment, updated_at = :updated, closed_at = :closed, version = version + 1
                where id = :id
                """).param("name", o.name()).param("stage", o.stage()).param("amount", o.amount())
                .param("currency", o.currency()).param("close", o.expectedClose())
                .param("probability", o.probability())
                .param("reason", o.lostReason() == null ? null : o.lostReason().name())
                .param("comment", o.lostComment()).param("updated", utc(o.updatedAt()))
                .param("closed", utc(o.closedAt())).param("id", o.id()).update();
    }

    Opportunity lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from opportunity o where o.id = :id for update").param("id", id)
                .query(OpportunityStore::opportunity).optional()
                .orElseThrow(() -> new NotFoundException("Opportunity", id));
    }

    Optional<Opportunity> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from opportunity o where o.id = :id").param("id", id)
                .query(OpportunityStore::opportunity).optional();
    }

    void addContact(UUID opportunityId, UUID leadId, String role, boolean primary, Instant now) {
        jdbc.sql("""
                insert into opportunity_contact (opportunity_id, lead_id, role, is_primary, added_at)
                values (:o, :lead, :role, :primary, :at)
                """).param("o", opportunityId).param("lead", leadId).param("role", role).param("primary", primary)
                .param("at", utc(now)).update();
    }

    boolean hasContact(UUID opportunityId, UUID leadId) {
        return jdbc.sql("select exists(select 1 from opportunity_contact where opportunity_id = :o and lead_id = :l)")
                .param("o", opportunityId).param("l", leadId).query(Boolean.class).single();
    }

    List<UUID> contactLeads(UUID opportunityId) {
        return jdbc.sql("""
                select lead_id from opportunity_contact where opportunity_id = :o order by is_primary desc, added_at
                """).param("o", opportunityId).query(UUID.class).list();
    }

    void addCampaigns(UUID opportunityId, List<UUID> campaigns) {
        jdbc.sql("""
                insert into opportunity_campaign (opportunity_id, campaign_id) select :o, unnest(:campaigns)
                on conflict do nothing
                """).param("o", opportunityId).param("campaigns", campaigns.toArray(UUID[]::new)).update();
    }

    List<UUID> campaigns(UUID opportunityId) {
        return jdbc.sql("select campaign_id from opportunity_campaign where opportunity_id = :o")
                .param("o", opportunityId).query(UUID.class).list();
    }

    void history(UUID opportunityId, String kind, String detail, String actor, Instant now) {
        jdbc.sql("""
                insert into opportunity_history (opportunity_id, occurred_at, kind, detail, actor)
                values (:o, :at, :kind, :detail, :actor)
                """).param("o", opportunityId).param("at", utc(now)).param("kind", kind).param("detail", detail)
                .param("actor", actor).update();
    }

    void insertOrder(UUID orderId, Opportunity o, java.time.LocalDate wonOn, Instant now) {
        jdbc.sql("""
                insert into sales_order (id, opportunity_id, amount, currency, won_on, created_at)
                values (:id, :o, :amount, :currency, :won, :at)
                """).param("id", orderId).param("o", o.id()).param("amount", o.amount())
                .param("currency", o.currency()).param("won", wonOn).param("at", utc(now)).update();
    }

    void followUp(UUID id, UUID opportunityId, UUID author, String note, Instant now) {
        jdbc.sql("""
                insert into opportunity_follow_up (id, opportunity_id, occurred_at, author_id, note)
                values (:id, :o, :at, :author, :note)
                """).param("id", id).param("o", opportunityId).param("at", utc(now)).param("author", author)
                .param("note", note).update();
    }

    static Opportunity opportunity(ResultSet rs, int row) throws SQLException {
        String reason = rs.getString(10);
        return new Opportunity(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class), rs.getString(5), rs.getBigDecimal(6), rs.getString(7),
                rs.getObject(8, java.time.LocalDate.class), rs.getInt(9),
                reason == null ? null : LostReason.valueOf(reason), rs.getString(11), instant(rs.getTimestamp(12)),
                instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
