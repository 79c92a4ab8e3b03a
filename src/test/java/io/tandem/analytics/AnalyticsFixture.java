package io.tandem.analytics;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.tandem.shared.Ids;

/**
 * Writes a small, fixed history straight into the tables analytics reads — leads with stage dates, campaigns with
 * members, opportunities, orders, handoffs — so that every figure can be computed by hand. Every lead of one fixture
 * carries the same unique province (its {@link #region}), which the reports filter by: the database is shared with the
 * other tests.
 */
public final class AnalyticsFixture {

    private final JdbcClient jdbc;
    public final String region = "fx-" + UUID.randomUUID().toString().substring(0, 8);
    public final String channel = "ch-" + UUID.randomUUID().toString().substring(0, 8);

    public AnalyticsFixture(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static Instant at(String date) {
        return Instant.parse(date + "T04:00:00Z"); // noon in Shanghai, the same date everywhere it matters
    }

    public UUID campaign(String name, String start, String end, String cost) {
        UUID id = Ids.next(); // time-ordered like every id Tandem makes (range-based jobs rely on it)
        jdbc.sql("""
                insert into campaign (id, name, type, channel, status, start_date, end_date, actual_cost, created_at,
                                      updated_at)
                values (:id, :name, 'WEBINAR', :channel, 'ACTIVE', :start, :end, :cost, now(), now())
                """).param("id", id).param("name", name + " " + region).param("channel", channel)
                .param("start", LocalDate.parse(start)).param("end", LocalDate.parse(end))
                .param("cost", new BigDecimal(cost)).update();
        return id;
    }

    /** A lead created on {@code created}, now in {@code stage} since {@code stageChanged} (null: since creation). */
    public UUID lead(String name, String source, UUID firstCampaign, String created, String stage,
            String stageChanged, UUID owner) {
        UUID id = Ids.next(); // time-ordered like every id Tandem makes (range-based jobs rely on it)
        jdbc.sql("""
                insert into lead (id, name, email, source, first_campaign_id, province, industry, owner_id, stage,
                                  stage_changed_at, created_at, updated_at, created_via)
                values (:id, :name, :email, :source, :campaign, :region, 'Manufacturing', :owner, :stage, :changed,
                        :created, :created, 'IMPORT')
                """).param("id", id).param("name", name).param("email", id + "@fixture.example")
                .param("source", source).param("campaign", firstCampaign).param("region", region)
                .param("owner", owner).param("stage", stage)
                .param("changed", stageChanged == null ? null : Timestamp.from(at(stageChanged)),
                        java.sql.Types.TIMESTAMP)
                .param("created", Timestamp.from(at(created))).update();
        return id;
    }

    public void entered(UUID lead, String stage, String date) {
        jdbc.sql("insert into lead_stage_date (lead_id, stage, first_entered_at) values (:lead, :stage, :at)")
                .param("lead", lead).param("stage", stage).param("at", Timestamp.from(at(date))).update();
    }

    public void moved(UUID lead, String from, String to, String date, String reason) {
        jdbc.sql("""
                insert into lead_stage_history (lead_id, from_stage, to_stage, occurred_at, actor, reason)
                values (:lead, :from, :to, :at, 'fixture', :reason)
                """).param("lead", lead).param("from", from).param("to", to).param("at", Timestamp.from(at(date)))
                .param("reason", reason).update();
    }

    public void member(UUID campaign, UUID lead, String joined) {
        jdbc.sql("""
                insert into campaign_member (campaign_id, lead_id, status, status_rank, joined_at, status_at)
                values (:campaign, :lead, 'ATTENDED', 2, :at, :at)
                """).param("campaign", campaign).param("lead", lead).param("at", Timestamp.from(at(joined))).update();
    }

    public UUID opportunity(UUID lead, String amount, String opened, UUID owner, UUID... campaigns) {
        UUID id = Ids.next(); // time-ordered like every id Tandem makes (range-based jobs rely on it)
        jdbc.sql("""
                insert into opportunity (id, name, owner_id, stage, amount, currency, expected_close, probability,
                                         created_at, updated_at)
                values (:id, 'Deal', :owner, 'DISCOVERY', :amount, 'CNY', :close, 10, :at, :at)
                """).param("id", id).param("owner", owner).param("amount", new BigDecimal(amount))
                .param("close", LocalDate.parse(opened).plusMonths(2)).param("at", Timestamp.from(at(opened)))
                .update();
        jdbc.sql("""
                insert into opportunity_contact (opportunity_id, lead_id, role, is_primary, added_at)
                values (:id, :lead, 'DECISION_MAKER', true, :at)
                """).param("id", id).param("lead", lead).param("at", Timestamp.from(at(opened))).update();
        for (UUID campaign : campaigns) {
            jdbc.sql("insert into opportunity_campaign (opportunity_id, campaign_id) values (:id, :campaign)")
                    .param("id", id).param("campaign", campaign).update();
        }
        return id;
    }

    public void won(UUID opportunity, String amount, String wonOn) {
        jdbc.sql("update opportunity set stage = 'WON', probability = 100, closed_at = :at where id = :id")
                .param("id", opportunity).param("at", Timestamp.from(at(wonOn))).update();
        jdbc.sql("""
                insert into sales_order (id, opportunity_id, amount, currency, won_on, created_at)
                values (:id, :opportunity, :amount, 'CNY', :won, :at)
                """).param("id", Ids.next()).param("opportunity", opportunity)
                .param("amount", new BigDecimal(amount)).param("won", LocalDate.parse(wonOn))
                .param("at", Timestamp.from(at(wonOn))).update();
    }

    /** A transfer: PENDING when {@code answered} is null, else ACCEPTED or (with a reason) REJECTED. */
    public void handoff(UUID lead, String transferred, String answered, String rejectionReason) {
        String status = answered == null ? "PENDING" : rejectionReason == null ? "ACCEPTED" : "REJECTED";
        jdbc.sql("""
                insert into handoff (id, lead_id, sdr_id, rep_id, status, qualification, notes, transferred_at,
                                     answered_at, reason_code)
                values (:id, :lead, :sdr, :rep, :status, '{}'::jsonb, 'fixture', :transferred, :answered, :reason)
                """).param("id", Ids.next()).param("lead", lead).param("sdr", UUID.randomUUID())
                .param("rep", UUID.randomUUID()).param("status", status)
                .param("transferred", Timestamp.from(at(transferred)))
                .param("answered", answered == null ? null : Timestamp.from(at(answered)),
                        java.sql.Types.TIMESTAMP)
                .param("reason", rejectionReason).update();
    }

    public AnalyticsFilter filter(String from, String to) {
        return new AnalyticsFilter(LocalDate.parse(from), LocalDate.parse(to), null, null, null, region, null, null,
                null, null);
    }
}
