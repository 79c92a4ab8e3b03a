package io.tandem.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.handoff.Handoffs;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;
import io.tandem.support.TandemInstances;

/**
 * Timers are rows: more Tandem instances on one database, and instances that stop and start, fire each reminder and
 * each breach exactly once. Besides the test's own application (which never fires by itself here), this test starts
 * real Tandem instances on the same database, all on the clock the test moves.
 */
@IntegrationTest
class SlaInstancesTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Enough clocks that two instances firing side by side pick overlapping rows if nothing keeps them apart. */
    static final int LEADS = 600;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    DataSource dataSource;
    @Autowired
    LeadStages stages;
    @Autowired
    Handoffs handoffs;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    TandemInstances instances;

    @BeforeEach
    void instancesOnTheTestDatabase() {
        instances = new TandemInstances(dataSource, clock);
    }

    @AfterEach
    void stopInstances() {
        instances.close();
        clock.followRealTime();
    }

    @Test
    void aRestartInTheMiddleOfAnSlaNeitherLosesNorRepeatsAReminderAndTwoInstancesFireEachOnce() throws Exception {
        UserSummary sdr = new People(users, transactions).create("qian.sdr", Role.SDR, null);
        clock.setTo(at("2026-11-23T09:00"));
        List<UUID> leads = claimedMqls(sdr);
        // Each MQL must be worked by 11:00 and reminds its SDR at 10:30.

        ConfigurableApplicationContext first = startInstance();
        clock.setTo(at("2026-11-23T10:35"));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("reminded_at is not null", leads) == LEADS);
        first.close();  // the restart: this instance is gone, the clocks stay in the database

        startInstance();
        startInstance();
        clock.setTo(at("2026-11-23T11:05"));  // both instances running find the same clocks due at once
        await().atMost(Duration.ofSeconds(60)).until(() -> count("breached_at is not null", leads) == LEADS);

        assertThat(publicationsPerLead("SlaReminderDue", leads)).hasSize(LEADS).containsOnly(1L);
        assertThat(publicationsPerLead("SlaBreached", leads)).hasSize(LEADS).containsOnly(1L);
        assertThat(count("next_fire_at is not null", leads)).isZero();
    }

    private ConfigurableApplicationContext startInstance() throws java.sql.SQLException {
        return instances.start("--spring.datasource.hikari.maximum-pool-size=4",
                "--tandem.sla.timers.enabled=true",
                "--tandem.sla.poll-interval=PT0.05S",
                "--spring.modulith.events.republish-outstanding-events-on-restart=false");
    }

    private List<UUID> claimedMqls(UserSummary sdr) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<UUID> leads = new ArrayList<>();
        for (int page = 0; page < LEADS / 200; page++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(Map.of("name", "吴磊" + page + "-" + i, "email", "wu." + tag + "." + page + "." + i
                        + "@dongfang-steel.cn", "company", "东方钢铁"));
            }
            Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads/batch", Map.of("leads", batch)).json()
                    .get("results").forEach(result -> leads.add(UUID.fromString(result.get("id").asString())));
        }
        transactions.executeWithoutResult(tx -> {
            stages.moveAllIfAllowed(leads.stream().map(lead -> new LeadStages.RuleMove(lead, "test", "demo request"))
                    .toList(), Stage.MQL, Actor.SYSTEM);
            leads.forEach(lead -> handoffs.claim(lead, sdr.id(), Actor.SYSTEM));
        });
        return leads;
    }

    private long count(String condition, List<UUID> leads) {
        return jdbc.sql("select count(*) from sla_clock where kind = 'MQL_RESPONSE' and lead_id = any(:leads) and "
                + condition).param("leads", leads.toArray(UUID[]::new)).query(Long.class).single();
    }

    /** How many events of the type each lead had (leads without any are left out). */
    private List<Long> publicationsPerLead(String eventType, List<UUID> leads) {
        return jdbc.sql("""
                select count(*) from event_publication
                where event_type like :type and (cast(serialized_event as jsonb) ->> 'leadId')::uuid = any(:leads)
                group by cast(serialized_event as jsonb) ->> 'leadId'
                """).param("type", "%." + eventType).param("leads", leads.toArray(UUID[]::new)).query(Long.class)
                .list();
    }

    static Instant at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime).atZone(SHANGHAI).toInstant();
    }
}
