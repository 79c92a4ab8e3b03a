package io.tandem.planning;

import static io.tandem.analytics.AnalyticsFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.analytics.AnalyticsFixture;
import io.tandem.analytics.FunnelStage;
import io.tandem.planning.internal.PlanStore;
import io.tandem.planning.internal.PlanVsActual;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;

/**
 * 1,200,000 in 2026 at 100,000 a deal, half from marketing, every conversion 50 % and no cycle time: each month needs
 * 1 order (0.5 from marketing), 1 opportunity, 2 SQLs, 4 SALs, 8 MQLs and 16 leads. A team holds half the target. On
 * 15 March its people own three leads (two created in January, one in February) and a deal won in February for
 * 150,000.
 */
@IntegrationTest
class PlanVsActualTests {

    @Autowired
    PlanVsActual comparisons;
    @Autowired
    PlanStore plans;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    MutableClock clock;

    @AfterEach
    void realTime() {
        clock.followRealTime();
    }

    static PlanInputs inputs(UUID team) {
        Map<FunnelStage, Double> half = Map.of(FunnelStage.LEAD, 0.5, FunnelStage.MQL, 0.5, FunnelStage.SAL, 0.5,
                FunnelStage.SQL, 0.5, FunnelStage.OPPORTUNITY, 0.5);
        Map<FunnelStage, Double> none = Map.of(FunnelStage.LEAD, 0.0, FunnelStage.MQL, 0.0, FunnelStage.SAL, 0.0,
                FunnelStage.SQL, 0.0, FunnelStage.OPPORTUNITY, 0.0);
        return new PlanInputs(2026, null, new BigDecimal("1200000"), new BigDecimal("100000"), 0.5, half, none,
                List.of(), List.of(new PlanInputs.TeamShare(team, 0.5),
                        new PlanInputs.TeamShare(UUID.randomUUID(), 0.5)));
    }

    @Test
    void aTeamsPaceIsItsActualsAgainstItsShareOfThePlanToDate() {
        People people = new People(users, transactions);
        UUID team = people.team("Planned team");
        UserSummary rep = people.create("paced.rep", Role.SALES_REP, team);
        AnalyticsFixture data = new AnalyticsFixture(jdbc);
        UUID first = data.lead("P1", "web_form", null, "2026-01-10", "WON", "2026-02-10", rep.id());
        data.lead("P2", "web_form", null, "2026-01-20", "LEAD", null, rep.id());
        data.lead("P3", "web_form", null, "2026-02-05", "LEAD", null, rep.id());
        UUID deal = data.opportunity(first, "150000.00", "2026-01-25", rep.id());
        data.won(deal, "150000.00", "2026-02-10");
        clock.setTo(at("2026-03-15"));

        PlanVsActual.Comparison comparison = comparisons.compare(inputs(team), team);

        Map<String, PlanVsActual.Line> lines = comparison.lines().stream()
                .collect(Collectors.toMap(PlanVsActual.Line::key, line -> line));
        assertThat(comparison.factor()).isEqualTo(0.5);
        assertThat(comparison.currentMonth()).isEqualTo(YearMonth.of(2026, 3));
        // to date: January, February and 15 of March's 31 days
        double months = 2 + 15.0 / 31;
        // leads: 16 a month × ½ = 8; to date 8 × 2.484 = 19.87; actual 3 → 15.1 %, behind
        PlanVsActual.Line leads = lines.get("LEAD");
        assertThat(leads.planned().get(YearMonth.of(2026, 1))).isCloseTo(8, within(1e-9));
        assertThat(leads.plannedToDate()).isCloseTo(8 * months, within(1e-9));
        assertThat(leads.actual()).isEqualTo(Map.of(YearMonth.of(2026, 1), 2.0, YearMonth.of(2026, 2), 1.0));
        assertThat(leads.pacePercent()).isCloseTo(100.0 * 3 / (8 * months), within(1e-9));
        assertThat(leads.behind()).isTrue();
        // orders: 1 a month × ½ → 1.24 to date, 1 won → 80.5 %
        assertThat(lines.get("ORDERS").plannedToDate()).isCloseTo(0.5 * months, within(1e-9));
        assertThat(lines.get("ORDERS").pacePercent()).isCloseTo(100.0 * 1 / (0.5 * months), within(1e-9));
        // revenue: 100,000 a month × ½ → 124,194 to date, 150,000 won → ahead (120.8 %); the team's 600,000 target
        // projects to 724,675
        PlanVsActual.Line revenue = lines.get("REVENUE");
        assertThat(revenue.plannedToDate()).isCloseTo(50_000 * months, within(1e-6));
        assertThat(revenue.actualToDate()).isCloseTo(150_000, within(1e-6));
        assertThat(revenue.behind()).isFalse();
        assertThat(comparison.target()).isCloseTo(600_000, within(1e-6));
        assertThat(comparison.projectedRevenue()).isCloseTo(600_000.0 * 150_000 / (50_000 * months), within(1e-6));
        assertThat(comparison.projectedAttainmentPercent()).isCloseTo(100 * 3 / months, within(1e-9));
    }

    @Test
    void aTeamWithoutAShareOfThePlanShowsOnlyItsActuals() {
        People people = new People(users, transactions);
        UUID other = people.team("Unplanned team");
        clock.setTo(at("2026-03-15"));

        PlanVsActual.Comparison comparison = comparisons.compare(inputs(UUID.randomUUID()), other);

        assertThat(comparison.factor()).isNull();
        assertThat(comparison.lines()).allSatisfy(line -> assertThat(line.plannedToDate()).isZero());
        assertThat(comparison.projectedRevenue()).isNull();
    }

    @Test
    void savingAgainMakesTheNextVersionAndKeepsTheOldOne() {
        String name = "Versions " + UUID.randomUUID();
        UUID id = plans.create(name, inputs(UUID.randomUUID()), "first", Actor.SYSTEM);
        PlanInputs bigger = new PlanInputs(2026, 2, new BigDecimal("2400000"), new BigDecimal("100000"), 0.4,
                inputs(null).conversion(), inputs(null).cycleDays(), List.of(), List.of());

        int version = plans.saveVersion(id, bigger, "Q2 only", Actor.SYSTEM);

        assertThat(version).isEqualTo(2);
        assertThat(plans.version(id, null).orElseThrow().inputs()).isEqualTo(bigger);
        assertThat(plans.version(id, 1).orElseThrow().inputs().revenueTarget()).isEqualByComparingTo("1200000");
        assertThat(plans.versions(id)).extracting(PlanStore.StoredVersion::note).containsExactly("Q2 only", "first");
        assertThat(plans.plans()).anySatisfy(plan -> {
            assertThat(plan.name()).isEqualTo(name);
            assertThat(plan.latestVersion()).isEqualTo(2);
        });
    }

    @Test
    void creatingAPlanAndSavingItsVersionsIsInTheAuditLogWithTheTargetOfEach() {
        UUID id = plans.create("Audited " + UUID.randomUUID(), inputs(UUID.randomUUID()), null, Actor.SYSTEM);
        plans.saveVersion(id, new PlanInputs(2026, 2, new BigDecimal("2400000"), new BigDecimal("100000"), 0.4,
                inputs(null).conversion(), inputs(null).cycleDays(), List.of(), List.of()), null, Actor.SYSTEM);

        assertThat(jdbc.sql("""
                select action || ': ' || summary from audit_event
                where object_type = 'plan' and object_id = :id order by id
                """).param("id", id.toString()).query(String.class).list())
                .satisfiesExactly(
                        created -> assertThat(created).startsWith("CREATED: Audited ")
                                .endsWith("version 1: revenue target 1200000 for 2026"),
                        saved -> assertThat(saved).isEqualTo("UPDATED: version 2: revenue target 2400000 for 2026 Q2"));
    }
}
