package io.tandem.scoring.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
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
 * Re-scores every lead after a rule change, in the background and range by range of lead ids (each range its own short
 * transaction, see {@link RangeRescorer}), so ingestion goes on and no table is locked. Three workers by default
 * ({@code tandem.scoring.rescore.workers}), each with its own connection, take ranges of 10,000 leads in turn
 * ({@code tandem.scoring.rescore.range-size}); the benchmark's runs with other settings are in docs/benchmarks.md.
 * Ingestion slows meanwhile and goes on. A newer rule change supersedes a running job.
 */
@Component
public class Rescorer {

    private static final Logger log = LoggerFactory.getLogger(Rescorer.class);
    static final TaskDescriptor<Void> RESCORE = TaskDescriptor.of("rescore-leads");

    private final JdbcClient jdbc;
    private final RangeRescorer ranges;
    private final ScoringRules rules;
    private final TransactionTemplate transactions;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;
    private final int rangeSize;
    private final int workers;

    Rescorer(JdbcClient jdbc, RangeRescorer ranges, ScoringRules rules, TransactionTemplate transactions,
            ObjectProvider<SchedulerClient> scheduler, Clock clock,
            @Value("${tandem.scoring.rescore.range-size:10000}") int rangeSize,
            @Value("${tandem.scoring.rescore.workers:3}") int workers) {
        this.jdbc = jdbc;
        this.ranges = ranges;
        this.rules = rules;
        this.transactions = transactions;
        this.scheduler = scheduler;
        this.clock = clock;
        this.rangeSize = rangeSize;
        this.workers = workers;
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

    /**
     * Right after a burst of ingestion the planner's statistics still describe the tables as they were, and the range
     * statement's plan for them was many times slower (a re-score of 100,000 leads took 51 s instead of 4), and pages of
     * new activities are not yet marked all-visible, so the covering index alone cannot answer. Analysing the three
     * tables and vacuuming the new activity pages first takes seconds. An optimisation only: where it cannot run (no
     * owner rights on an external database, a transaction around the call), the job goes on without.
     */
    private void refreshStatistics() {
        try {
            jdbc.sql("vacuum (analyze true, skip_locked true) activity").update();
            jdbc.sql("analyze (skip_locked true) lead_score, lead").update();
        } catch (org.springframework.dao.DataAccessException e) {
            log.info("Re-scoring without analysing the tables first: {}", e.getMostSpecificCause().getMessage());
        }
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
                .query(UUID.class).optional().orElse(RangeRescorer.BEFORE_FIRST);
        jdbc.sql("update rescore_job set status = 'RUNNING', total = :total where id = :id").param("total", total)
                .param("id", jobId).update();
        refreshStatistics();
        Sweep sweep = new Sweep(jobId, job.rulesetVersion(), after, job.processed());
        ExecutorService helpers = Executors.newFixedThreadPool(Math.max(1, workers - 1), runnable -> {
            Thread thread = new Thread(runnable, "rescore-" + jobId.toString().substring(0, 8));
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> helping = new ArrayList<>();
        for (int i = 1; i < workers; i++) {
            helping.add(helpers.submit(() -> work(sweep)));
        }
        RuntimeException failure = null;
        try {
            work(sweep);
        } catch (RuntimeException e) {
            failure = e;
        }
        // Every worker ends its range before the job ends, also after a failure: a retry must not meet them running.
        for (Future<?> helper : helping) {
            try {
                helper.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause
                            : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("Re-scoring " + jobId + " was interrupted", e);
            }
        }
        helpers.shutdown();
        if (failure != null) {
            throw failure;
        }
        finish(jobId, sweep.superseded() ? "SUPERSEDED" : "COMPLETED");
    }

    private void work(Sweep sweep) {
        try {
            Optional<Range> range;
            while ((range = sweep.next()).isPresent()) {
                Range next = range.get();
                int leads = Transactions.retryingOnConflict(transactions,
                        () -> ranges.rescore(next.after(), next.upto()));
                sweep.done(next, leads);
            }
        } catch (RuntimeException e) {
            sweep.fail();
            throw e;
        }
    }

    private void finish(UUID jobId, String status) {
        jdbc.sql("update rescore_job set status = :status, finished_at = :now where id = :id")
                .param("status", status).param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", jobId)
                .update();
        log.info("Re-scoring {} {}", jobId, status.toLowerCase(java.util.Locale.ROOT));
    }

    /** Leads with {@code after < id <= upto}. */
    record Range(UUID after, UUID upto) {
    }

    /**
     * Hands the ranges out in id order and records progress only up to the first range not yet done: after a crash the
     * job resumes at {@code last_lead_id} knowing every lead up to it is re-scored. A range done twice (its commit
     * landed, its progress did not) comes out the same.
     */
    private final class Sweep {

        private final UUID jobId;
        private final int rulesetVersion;
        private final Deque<Range> inFlight = new ArrayDeque<>();
        private final Map<Range, Integer> doneAhead = new HashMap<>();
        private UUID planned;
        private long processed;
        private boolean lastPlanned;
        private boolean superseded;
        private boolean failed;

        Sweep(UUID jobId, int rulesetVersion, UUID after, long processed) {
            this.jobId = jobId;
            this.rulesetVersion = rulesetVersion;
            this.planned = after;
            this.processed = processed;
        }

        synchronized Optional<Range> next() {
            if (lastPlanned || superseded || failed) {
                return Optional.empty();
            }
            rules.refreshIfStale();
            if (rules.settings().rulesetVersion() != rulesetVersion) {
                superseded = true;
                return Optional.empty();
            }
            // Ids of merged leads count towards the size too: the range is found in the primary key alone.
            UUID upto = jdbc.sql("select id from lead where id > :after order by id offset :skip limit 1")
                    .param("after", planned).param("skip", rangeSize - 1).query(UUID.class).optional()
                    .orElse(RangeRescorer.LAST);
            // The last range is open at the end: it takes in leads created meanwhile, as ids grow with time.
            lastPlanned = upto.equals(RangeRescorer.LAST);
            Range range = new Range(planned, upto);
            planned = upto;
            inFlight.addLast(range);
            return Optional.of(range);
        }

        synchronized void done(Range range, int leads) {
            doneAhead.put(range, leads);
            UUID reached = null;
            while (!inFlight.isEmpty() && doneAhead.containsKey(inFlight.peekFirst())) {
                Range first = inFlight.removeFirst();
                processed += doneAhead.remove(first);
                reached = first.upto();
            }
            if (reached != null) {
                jdbc.sql("update rescore_job set processed = :processed, last_lead_id = :last where id = :id")
                        .param("processed", processed).param("last", reached).param("id", jobId).update();
            }
        }

        synchronized void fail() {
            failed = true;
        }

        synchronized boolean superseded() {
            return superseded;
        }
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
