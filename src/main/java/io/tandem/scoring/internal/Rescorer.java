package io.tandem.scoring.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.tandem.shared.Ids;
import io.tandem.shared.db.Transactions;

/**
 * Re-scores every lead after a rule change, in the background and batch by batch (by lead id, each batch its own
 * short transaction), so ingestion goes on and no table is locked. A newer rule change supersedes a running job.
 */
@Component
public class Rescorer {

    private static final Logger log = LoggerFactory.getLogger(Rescorer.class);
    static final TaskDescriptor<Void> RESCORE = TaskDescriptor.of("rescore-leads");
    static final int BATCH = 2_000;

    private final JdbcClient jdbc;
    private final ScoringService scoring;
    private final ScoringRules rules;
    private final TransactionTemplate transactions;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;

    Rescorer(JdbcClient jdbc, ScoringService scoring, ScoringRules rules, TransactionTemplate transactions,
            ObjectProvider<SchedulerClient> scheduler, Clock clock) {
        this.jdbc = jdbc;
        this.scoring = scoring;
        this.rules = rules;
        this.transactions = transactions;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** A job's state for the progress bar. */
    public record Job(UUID id, String status, long total, long processed, int rulesetVersion) {

        public int percent() {
            return total == 0 ? 100 : (int) Math.min(100, processed * 100 / total);
        }

        public boolean running() {
            return status.equals("QUEUED") || status.equals("RUNNING");
        }
    }

    void schedule(int version) {
        UUID id = Ids.next();
        transactions.executeWithoutResult(tx -> jdbc.sql("""
                insert into rescore_job (id, status, ruleset_version, started_at) values (:id, 'QUEUED', :v, :now)
                """).param("id", id).param("v", version).param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update());
        scheduler.getObject().scheduleIfNotExists(RESCORE.instance(id.toString()).scheduledTo(clock.instant()));
    }

    public Optional<Job> latest() {
        return jdbc.sql("""
                select id, status, total, processed, ruleset_version from rescore_job order by started_at desc, id desc
                limit 1
                """).query((rs, n) -> new Job(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                        rs.getLong(4), rs.getInt(5))).optional();
    }

    void run(UUID jobId) {
        Job job = jdbc.sql("select id, status, total, processed, ruleset_version from rescore_job where id = :id")
                .param("id", jobId).query((rs, n) -> new Job(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getLong(3), rs.getLong(4), rs.getInt(5))).optional().orElse(null);
        if (job == null || !job.running()) {
            return;
        }
        long total = jdbc.sql("select count(*) from lead where merged_into is null").query(Long.class).single();
        UUID after = jdbc.sql("select last_lead_id from rescore_job where id = :id").param("id", jobId)
                .query(UUID.class).optional().orElse(null);
        jdbc.sql("update rescore_job set status = 'RUNNING', total = :total where id = :id").param("total", total)
                .param("id", jobId).update();
        while (true) {
            rules.refreshIfStale();
            if (rules.settings().rulesetVersion() != job.rulesetVersion()) {
                finish(jobId, "SUPERSEDED");
                return;
            }
            List<UUID> batch = jdbc.sql("""
                    select id from lead where merged_into is null and (cast(:after as uuid) is null or id > :after)
                    order by id limit :n
                    """).param("after", after).param("n", BATCH).query(UUID.class).list();
            if (batch.isEmpty()) {
                finish(jobId, "COMPLETED");
                return;
            }
            UUID last = batch.get(batch.size() - 1);
            Transactions.retryingOnConflict(transactions, () -> {
                scoring.rescore(batch);
                jdbc.sql("update rescore_job set processed = processed + :n, last_lead_id = :last where id = :id")
                        .param("n", batch.size()).param("last", last).param("id", jobId).update();
                return null;
            });
            after = last;
        }
    }

    private void finish(UUID jobId, String status) {
        jdbc.sql("update rescore_job set status = :status, finished_at = :now where id = :id")
                .param("status", status).param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", jobId)
                .update();
        log.info("Re-scoring {} {}", jobId, status.toLowerCase(java.util.Locale.ROOT));
    }

    @Configuration(proxyBeanMethods = false)
    static class RescoreTask {

        @Bean
        OneTimeTask<Void> rescoreLeadsTask(Rescorer rescorer) {
            return Tasks.oneTime(RESCORE).onDeadExecutionRevive()
                    .execute((instance, context) -> rescorer.run(UUID.fromString(instance.getId())));
        }
    }
}
