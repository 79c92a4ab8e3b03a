package io.tandem.analytics;

import static io.tandem.analytics.AnalyticsFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.support.IntegrationTest;

/**
 * The deal rows attribution reads (deal_fact, ADR 16) follow every change of an opportunity, its order, its buying
 * group, its leads' campaign memberships and its primary lead: they always equal what those tables say.
 */
@IntegrationTest
class DealFactRowsTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void dealRowsFollowOpportunitiesOrdersBuyingGroupsAndMemberships() {
        AnalyticsFixture data = new AnalyticsFixture(jdbc);
        UUID ca = data.campaign("CA", "2026-01-01", "2026-01-31", "100.00");
        UUID cb = data.campaign("CB", "2026-02-01", "2026-02-28", "100.00");
        UUID buyer = data.lead("Buyer", "web_form", ca, "2026-01-02", "OPPORTUNITY", "2026-01-20", null);
        UUID colleague = data.lead("Colleague", "web_form", null, "2026-01-03", "LEAD", null, null);
        data.member(ca, buyer, "2026-01-02");
        data.member(cb, colleague, "2026-02-03");
        UUID deal = data.opportunity(buyer, "1000.00", "2026-01-20", UUID.randomUUID());
        assertThat(dealRow(deal)).containsEntry("lead_id", buyer).containsEntry("order_amount", null);
        assertThat(touches(deal)).containsExactly(ca);

        data.member(cb, buyer, "2026-02-05");
        assertThat(touches(deal)).as("a membership added later").containsExactly(ca, cb);

        jdbc.sql("""
                insert into opportunity_contact (opportunity_id, lead_id, role, is_primary, added_at)
                values (:deal, :lead, 'INFLUENCER', false, now())
                """).param("deal", deal).param("lead", colleague).update();
        assertThat(touches(deal)).as("the colleague's membership is a touch of the deal").containsExactly(ca, cb, cb);

        data.won(deal, "1200.00", "2026-03-01");
        assertThat(dealRow(deal)).containsEntry("won_on", java.sql.Date.valueOf("2026-03-01"))
                .containsEntry("closed_at", Timestamp.from(at("2026-03-01")));
        assertThat(dealRow(deal).get("order_amount").toString()).isEqualTo("1200.00");
        assertThat(dealRows(List.of(deal))).isEqualTo(derivedFromTheSources(List.of(deal)));

        jdbc.sql("delete from campaign_member where campaign_id = :cb and lead_id = :colleague").param("cb", cb)
                .param("colleague", colleague).update();
        jdbc.sql("delete from sales_order where opportunity_id = :deal").param("deal", deal).update();
        assertThat(touches(deal)).containsExactly(ca, cb);
        assertThat(dealRow(deal)).containsEntry("order_amount", null).containsEntry("won_on", null);
        assertThat(dealRows(List.of(deal))).isEqualTo(derivedFromTheSources(List.of(deal)));

        jdbc.sql("update lead set source = 'trade_show', first_campaign_id = :cb where id = :buyer").param("cb", cb)
                .param("buyer", buyer).update();
        assertThat(dealRow(deal)).as("the primary lead's source and first campaign follow it")
                .containsEntry("lead_source", "trade_show").containsEntry("lead_first_campaign_id", cb);
        jdbc.sql("update lead set merged_into = :colleague where id = :buyer").param("colleague", colleague)
                .param("buyer", buyer).update();
        assertThat(dealRow(deal)).as("a primary lead merged away is no live lead")
                .containsEntry("lead_created_at", null).containsEntry("lead_source", null);
        assertThat(dealRows(List.of(deal))).isEqualTo(derivedFromTheSources(List.of(deal)));
        jdbc.sql("update lead set merged_into = null where id = :buyer").param("buyer", buyer).update();
        assertThat(dealRow(deal)).containsEntry("lead_created_at", Timestamp.from(at("2026-01-02")));
        assertThat(dealRows(List.of(deal))).isEqualTo(derivedFromTheSources(List.of(deal)));

        jdbc.sql("delete from opportunity where id = :deal").param("deal", deal).update();
        assertThat(dealRows(List.of(deal))).as("a deleted opportunity has no deal row").isEmpty();
    }

    @Test
    void aLeadChangedWhileItBecomesADealsPrimaryContactLeavesTheDealRowInStep() throws Exception {
        AnalyticsFixture data = new AnalyticsFixture(jdbc);
        UUID lead = data.lead("Racer", "web_form", null, "2026-01-02", "SQL", "2026-01-10", null);
        UUID deal = io.tandem.shared.Ids.next();
        jdbc.sql("""
                insert into opportunity (id, name, owner_id, stage, amount, currency, expected_close, probability,
                                         created_at, updated_at)
                values (:id, 'Race', null, 'DISCOVERY', 100, 'CNY', current_date, 10, now(), now())
                """).param("id", deal).update();
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        CountDownLatch contactAdded = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into opportunity_contact (opportunity_id, lead_id, role, is_primary, added_at)
                    values (:deal, :lead, 'DECISION_MAKER', true, now())
                    """).param("deal", deal).param("lead", lead).update();
            contactAdded.countDown();
            awaitQuietly(commit);
        }));
        assertThat(contactAdded.await(10, TimeUnit.SECONDS)).isTrue();

        // meanwhile the lead's source changes in a second transaction
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(
                status -> jdbc.sql("update lead set source = 'trade_show' where id = :lead").param("lead", lead)
                        .update()));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> second.isDone()
                || jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and query like 'update lead set source = ''trade_show''%'
                        """).query(Long.class).single() > 0);
        commit.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);

        assertThat(dealRow(deal)).as("the deal row has the source its lead has now")
                .containsEntry("lead_id", lead).containsEntry("lead_source", "trade_show");
        assertThat(dealRows(List.of(deal))).isEqualTo(derivedFromTheSources(List.of(deal)));
    }

    @Test
    void aDeletedPrimaryLeadLeavesItsDealWithoutALiveLead() {
        AnalyticsFixture data = new AnalyticsFixture(jdbc);
        UUID lead = data.lead("Gone", "web_form", null, "2026-01-02", "OPPORTUNITY", "2026-01-10", null);
        UUID deal = data.opportunity(lead, "500.00", "2026-01-10", null);
        assertThat(dealRow(deal)).containsEntry("lead_source", "web_form");

        jdbc.sql("delete from lead where id = :lead").param("lead", lead).update();

        assertThat(dealRow(deal)).containsEntry("lead_created_at", null).containsEntry("lead_source", null);
        assertThat(dealRows(List.of(deal))).isEqualTo(derivedFromTheSources(List.of(deal)));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Object> dealRow(UUID id) {
        return dealRows(List.of(id)).get(0);
    }

    private List<UUID> touches(UUID id) {
        return jdbc.sql("select t.campaign_id from deal_fact, deal_fact_touch_list(touches) t where id = :id")
                .param("id", id)
                .query(UUID.class).list();
    }

    private List<Map<String, Object>> dealRows(List<UUID> ids) {
        return jdbc.sql("""
                select id, created_at, closed_at, amount, owner_id, order_amount, won_on, lead_id,
                       array(select campaign_id from deal_fact_touch_list(touches))::text as campaigns,
                       array(select at from deal_fact_touch_list(touches))::text as times, lead_created_at, lead_source,
                       lead_first_campaign_id
                from deal_fact where id = any(:ids) order by id
                """).param("ids", ids.toArray(UUID[]::new)).query().listOfRows();
    }

    private List<Map<String, Object>> derivedFromTheSources(List<UUID> ids) {
        return jdbc.sql("""
                select o.id, o.created_at, o.closed_at, o.amount, o.owner_id, so.amount as order_amount, so.won_on,
                       (select c.lead_id from opportunity_contact c where c.opportunity_id = o.id and c.is_primary)
                           as lead_id,
                       coalesce((select array_agg(m.campaign_id order by m.joined_at, m.campaign_id)
                                 from opportunity_contact c join campaign_member m on m.lead_id = c.lead_id
                                 where c.opportunity_id = o.id), '{}')::text as campaigns,
                       coalesce((select array_agg(m.joined_at order by m.joined_at, m.campaign_id)
                                 from opportunity_contact c join campaign_member m on m.lead_id = c.lead_id
                                 where c.opportunity_id = o.id), '{}')::text as times,
                       l.created_at as lead_created_at, l.source as lead_source,
                       l.first_campaign_id as lead_first_campaign_id
                from opportunity o left join sales_order so on so.opportunity_id = o.id
                left join lead l on l.merged_into is null and l.id = (select c.lead_id from opportunity_contact c
                                                                     where c.opportunity_id = o.id and c.is_primary)
                where o.id = any(:ids) order by o.id
                """).param("ids", ids.toArray(UUID[]::new)).query().listOfRows();
    }
}
