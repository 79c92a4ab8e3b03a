package io.tandem.scoring.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

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

    ScoringListeners(ScoringService scoring, Rescorer rescorer, TransactionTemplate transactions) {
        this.scoring = scoring;
        this.rescorer = rescorer;
        this.transactions = transactions;
    }

    @Async
    @TransactionalEventListener
    void on(ActivitiesRecorded recorded) {
        Transactions.retryingOnConflict(transactions, () -> {
            scoring.recordActivities(recorded.activities());
            return null;
        });
    }

    @Async
    @TransactionalEventListener
    void on(LeadsCaptured captured) {
        Set<UUID> leads = new LinkedHashSet<>(captured.created());
        leads.addAll(captured.updated());
        Transactions.retryingOnConflict(transactions, () -> {
            scoring.refreshFit(leads);
            return null;
        });
    }

    @Async
    @TransactionalEventListener
    void on(LeadsMerged merged) {
        Transactions.retryingOnConflict(transactions, () -> {
            scoring.merged(merged.survivor(), merged.merged());
            return null;
        });
    }

    @Async
    @TransactionalEventListener
    void on(LeadDeleted deleted) {
        transactions.executeWithoutResult(tx -> scoring.forget(deleted.leadId()));
    }

    @Async
    @TransactionalEventListener
    void on(ScoringRules.RulesChanged changed) {
        rescorer.schedule(changed.rulesetVersion());
    }
}
