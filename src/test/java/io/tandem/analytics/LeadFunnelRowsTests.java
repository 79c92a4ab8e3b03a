package io.tandem.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.IntakeResult;
import io.tandem.lead.LeadData;
import io.tandem.lead.LeadPast;
import io.tandem.lead.internal.LeadCommands;
import io.tandem.shared.Actor;
import io.tandem.shared.db.Transactions;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;

/**
 * The funnel rows the dashboards read (lead_funnel, ADR 16) follow every way a lead or its stage dates change: capture,
 * stage moves, owner changes, merges, the history import and deletion — they always equal what the lead and its stage
 * dates say.
 */
@IntegrationTest
class LeadFunnelRowsTests {

    static final Actor TESTER = new Actor(null, "tester", "127.0.0.1");

    @Autowired
    LeadCapture capture;
    @Autowired
    LeadCommands commands;
    @Autowired
    LeadPast past;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    @AfterEach
    void realTime() {
        clock.followRealTime();
    }

    @Test
    void funnelRowsFollowCapturesStageMovesOwnersMergesTheHistoryImportAndDeletion() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.setTo(start);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<UUID> ids = captured(List.of(lead("a", tag, "北京"), lead("b", tag, "上海"), lead("c", tag, "广东"),
                lead("d", tag, "江苏")));
        UUID a = ids.get(0);
        UUID b = ids.get(1);
        UUID c = ids.get(2);
        UUID d = ids.get(3);
        assertThat(funnelRows(ids)).isEqualTo(derivedFromTheLeads(ids)).hasSize(4);

        clock.setTo(start.plusSeconds(60));
        commands.moveToStage(c, "MQL", "by hand", TESTER);
        clock.setTo(start.plusSeconds(120));
        commands.moveToStage(a, "MQL", "by hand", TESTER);
        UUID sdr = UUID.randomUUID();
        UUID rep = UUID.randomUUID();
        commands.transfer(a, sdr, rep, TESTER);
        commands.accept(a, rep, TESTER);
        UUID owner = UUID.randomUUID();
        commands.assign(List.of(b), owner, TESTER);
        assertThat(funnelRow(a)).containsEntry("mql_at", Timestamp.from(start.plusSeconds(120)))
                .containsEntry("sal_at", Timestamp.from(start.plusSeconds(120))).containsEntry("owner_id", rep);
        assertThat(funnelRow(b).get("owner_id")).isEqualTo(owner);

        commands.merge(a, c, TESTER);
        assertThat(funnelRow(a).get("mql_at")).as("the earlier MQL date of the merged lead")
                .isEqualTo(Timestamp.from(start.plusSeconds(60)));
        assertThat(funnelRows(List.of(c))).as("a merged lead has no funnel row").isEmpty();

        Instant mqlBefore = start.minus(30, ChronoUnit.DAYS);
        Instant salBefore = start.minus(20, ChronoUnit.DAYS);
        UUID pastSdr = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> past.record(d, Map.of("MQL", mqlBefore, "SAL", salBefore), pastSdr,
                null, TESTER));
        assertThat(funnelRow(d)).containsEntry("mql_at", Timestamp.from(mqlBefore))
                .containsEntry("sal_at", Timestamp.from(salBefore)).containsEntry("sdr_id", pastSdr);

        commands.delete(b, TESTER);
        assertThat(funnelRows(List.of(b))).as("a deleted lead has no funnel row").isEmpty();
        assertThat(funnelRows(ids)).isEqualTo(derivedFromTheLeads(ids)).hasSize(2);
    }

    private static LeadData lead(String name, String tag, String province) {
        return LeadData.builder().name(name + " " + tag).email(name + "." + tag + "@funnel-rows.example")
                .province(province).industry("Software").source("web_form").build();
    }

    private List<UUID> captured(List<LeadData> leads) {
        IntakeResult result = Transactions.retryingOnConflict(transactions, () -> capture.capture(
                leads.stream().map(data -> new CaptureItem(data, null)).toList(),
                CaptureContext.of(CaptureChannel.API, TESTER)));
        return result.items().stream().map(IntakeResult.Item::leadId).toList();
    }

    private Map<String, Object> funnelRow(UUID id) {
        return funnelRows(List.of(id)).get(0);
    }

    private List<Map<String, Object>> funnelRows(List<UUID> ids) {
        return jdbc.sql("""
                select id, created_at, source, first_campaign_id, province, industry, sdr_id, owner_id, mql_at,
                       sal_at, sql_at, opportunity_at, won_at
                from lead_funnel where id = any(:ids) order by id
                """).param("ids", ids.toArray(UUID[]::new)).query().listOfRows();
    }

    private List<Map<String, Object>> derivedFromTheLeads(List<UUID> ids) {
        return jdbc.sql("""
                select l.id, l.created_at, l.source, l.first_campaign_id, l.province, l.industry, l.sdr_id, l.owner_id,
                       (select first_entered_at from lead_stage_date where lead_id = l.id and stage = 'MQL') as mql_at,
                       (select first_entered_at from lead_stage_date where lead_id = l.id and stage = 'SAL') as sal_at,
                       (select first_entered_at from lead_stage_date where lead_id = l.id and stage = 'SQL') as sql_at,
                       (select first_entered_at from lead_stage_date where lead_id = l.id and stage = 'OPPORTUNITY')
                           as opportunity_at,
                       (select first_entered_at from lead_stage_date where lead_id = l.id and stage = 'WON') as won_at
                from lead l where l.id = any(:ids) and l.merged_into is null order by l.id
                """).param("ids", ids.toArray(UUID[]::new)).query().listOfRows();
    }
}
