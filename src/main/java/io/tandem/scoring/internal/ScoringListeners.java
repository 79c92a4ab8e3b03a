package io.tandem.scoring.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.activity.ActivitiesRecorded;
import io.tandem.lead.LeadDeleted;
import io.tandem.lead.LeadsCaptured;
import io.tandem.lead.LeadsMerged;
import io.tandem.shared.db.Transactions;

/**
 * Scoring follows the lead pool through the outbox: each event is kept until scoring has handled it, also across
 * restarts. Handling retries by itself when PostgreSQL picks it as a deadlock victim.
 */
@Component
class ScoringListeners {

    private final ScoringService scoring;
    private final Rescorer rescorer;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final ScoringLanes lanes;

    ScoringListeners(ScoringService scoring, Rescorer rescorer, TransactionTemplate transactions, JdbcClient jdbc,
            ScoringLanes lanes) {
        this.scoring = scoring;
        this.rescorer = rescorer;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.lanes = lanes;
    }

    @Async(ScoringExecutorConfiguration.SCORING_EXECUTOR)
    @TransactionalEventListener
    void on(ActivitiesRecorded recorded) {
        lanes.score(recorded.activities(), part -> Transactions.retryingOnConflict(transactions, () -> {
            commitWithoutWaitingForTheDisk();
            scoring.recordActivities(part);
            return null;
        }));
    }

    @Async(ScoringExecutorConfiguration.SCORING_EXECUTOR)
    @TransactionalEventListener
    void on(LeadsCaptured captured) {
        Set<UUID> leads = new LinkedHashSet<>(captured.created());
        leads.addAll(captured.updated());
        Transactions.retryingOnConflict(transactions, () -> {
            commitWithoutWaitingForTheDisk();
            scoring.refreshFit(leads);
            return null;
        });
    }

    @Async(ScoringExecutorConfiguration.SCORING_EXECUTOR)
    @TransactionalEventListener
    void on(LeadsMerged merged) {
        Transactions.retryingOnConflict(transactions, () -> {
            scoring.merged(merged.survivor(), merged.merged());
            return null;
        });
    }

    @Async(ScoringExecutorConfiguration.SCORING_EXECUTOR)
    @TransactionalEventListener
    void on(LeadDeleted deleted) {
        transactions.executeWithoutResult(tx -> scoring.forget(deleted.leadId()));
    }

    @Async
    @TransactionalEventListener
    void on(ScoringRules.RulesChanged changed) {
        rescorer.schedule(changed.rulesetVersion());
    }

    /**
     * Scores are derived from an event that the outbox keeps until this listener has returned, and the outbox marks
     * it completed in a later transaction that does wait for the disk. WAL reaches the disk in order, so that wait
     * covers this commit too; after a crash before it, the event is still open and is scored again. Not waiting here
     * shortens the time the score rows stay locked. The ingestion that acknowledges events commits durably as ever.
     */
    private void commitWithoutWaitingForTheDisk() {
        jdbc.sql("set local synchronous_commit = off").update();
    }
}
