package io.tandem.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.tandem.shared.Ids;
import io.tandem.support.IntegrationTest;

/** The re-scoring job's hand-out of ranges: progress, resuming after a crash, giving way to newer rules. */
@IntegrationTest
class RescoreJobTests {

    static final Instant STARTED = Instant.parse("2026-03-10T08:00:00Z");

    @Autowired
    Rescorer rescorer;
    @Autowired
    ScoringRules rules;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void noOtherJob() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rescorer.latest().map(job -> !job.running()).orElse(true));
    }

    @Test
    void aJobResumesAfterTheLastLeadItHadReached() {
        UUID before = lead();
        jdbc.sql("""
                insert into lead_score (lead_id, fit_points, grade, ruleset_version, updated_at)
                values (:id, 0, 'D', -1, :at)
                """).param("id", before).param("at", STARTED.atOffset(ZoneOffset.UTC)).update();
        UUID reached = Ids.next();
        List<UUID> after = new ArrayList<>();
        // Three ranges of the tests' 100 leads, for both workers, done in whatever order they finish.
        for (int i = 0; i < 250; i++) {
            after.add(lead());
        }
        UUID job = job(rules.settings().rulesetVersion(), reached, 7);

        rescorer.run(job);

        assertThat(jdbc.sql("select status, processed, last_lead_id from rescore_job where id = :id").param("id", job)
                .query((rs, n) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3)).single())
                .isEqualTo("COMPLETED " + (7 + 250) + " " + RangeRescorer.LAST);
        assertThat(jdbc.sql("select count(*) from lead_score where lead_id = any(:ids) and ruleset_version = :v")
                .param("ids", after.toArray(UUID[]::new)).param("v", rules.settings().rulesetVersion())
                .query(Long.class).single()).isEqualTo(250);
        assertThat(jdbc.sql("select ruleset_version from lead_score where lead_id = :id").param("id", before)
                .query(Integer.class).single()).as("before where the job had reached").isEqualTo(-1);
    }

    @Test
    void aNewerRuleChangeSupersedesARunningJob() {
        UUID job = job(rules.settings().rulesetVersion() - 1, null, 0);

        rescorer.run(job);

        assertThat(jdbc.sql("select status from rescore_job where id = :id").param("id", job).query(String.class)
                .single()).isEqualTo("SUPERSEDED");
    }

    private UUID job(int rulesetVersion, UUID lastLeadId, long processed) {
        UUID id = Ids.next();
        jdbc.sql("""
                insert into rescore_job (id, status, ruleset_version, processed, last_lead_id, started_at)
                values (:id, 'RUNNING', :version, :processed, :last, :at)
                """).param("id", id).param("version", rulesetVersion).param("processed", processed)
                .param("last", lastLeadId).param("at", STARTED.atOffset(ZoneOffset.UTC)).update();
        return id;
    }

    private UUID lead() {
        UUID id = Ids.next();
        jdbc.sql("""
                insert into lead (id, source, created_at, updated_at, created_via)
                values (:id, 'test', :at, :at, 'test')
                """).param("id", id).param("at", STARTED.atOffset(ZoneOffset.UTC)).update();
        return id;
    }
}
