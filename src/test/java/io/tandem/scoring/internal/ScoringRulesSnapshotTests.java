package io.tandem.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.scoring.FitOperator;
import io.tandem.scoring.RuleKind;
import io.tandem.scoring.ScoringRule;
import io.tandem.shared.Actor;
import io.tandem.support.IntegrationTest;

@IntegrationTest
class ScoringRulesSnapshotTests {

    @Autowired
    ScoringRules rules;
    @Autowired
    Rescorer rescorer;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    UUID added;

    @AfterEach
    void removeTheRule() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rescorer.latest().map(job -> !job.running()).orElse(true));
        if (added != null) {
            jdbc.sql("delete from scoring_rule where id = :id").param("id", added).update();
            jdbc.sql("update scoring_settings set ruleset_version = ruleset_version + 1 where id = 1").update();
            rules.refreshIfStale();
        }
    }

    @Test
    void aSnapshotReadWhileARuleChangeCommitsIsForgottenOnceItHasCommitted() {
        int before = rules.settings().rulesetVersion();
        transactions.executeWithoutResult(tx -> {
            added = rules.add(new ScoringRule(null, RuleKind.FIT, "Snapshot test rule", "province", FitOperator.IN,
                    "浙江", null, null, 3, null, true), new Actor(null, "test", "test")).id();
            // Scoring on another thread reads the rules before the change has committed.
            CompletableFuture.runAsync(() -> rules.all()).join();
        });

        assertThat(rules.settings().rulesetVersion()).isEqualTo(before + 1);
        assertThat(rules.all()).extracting(ScoringRule::label).contains("Snapshot test rule");
    }
}
