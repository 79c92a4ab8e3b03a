package io.tandem.capture.internal.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.IntakeResult;
import io.tandem.lead.LeadField;
import io.tandem.lead.LeadIntake;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.db.Transactions;

/**
 * Works through an import chunk by chunk, a few chunks at a time. Each chunk, its row errors, the job's progress and
 * the chunk's number commit together, so after a crash the import resumes with exactly the chunks that did not commit:
 * no row twice, none skipped. Rows of one person in chunks running side by side meet in the identity table, where the
 * later one joins the lead of the earlier one.
 */
@Component
class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    private final ImportJobs jobs;
    private final LeadCapture capture;
    private final LeadIntake intake;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;
    private final ZoneId zone;
    private final int chunkSize;
    /** Chunks in flight at once: PostgreSQL works on one per connection, so two keep two cores busy. */
    private final int workers;

    ImportRunner(ImportJobs jobs, LeadCapture capture, LeadIntake intake, JdbcClient jdbc, JdbcTemplate template,
            TransactionTemplate transactions, AuditLog audit, Clock clock,
            @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone,
            @Value("${tandem.import.chunk-size:5000}") int chunkSize,
            @Value("${tandem.import.workers:0}") int workers) {
        this.jobs = jobs;
        this.capture = capture;
        this.intake = intake;
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.zone = zone;
        this.chunkSize = chunkSize;
        this.workers = workers > 0 ? workers : Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    void run(UUID jobId) {
        ImportJob job = jobs.get(jobId);
        boolean dryRun = job.status().equals(ImportJob.DRY_RUN_QUEUED) || job.status().equals(ImportJob.DRY_RUN);
        if (!job.isRunning()) {
            return;
        }
        Actor actor = actorOf(jobId);
        setStatus(jobId, dryRun ? ImportJob.DRY_RUN : ImportJob.RUNNING, null, true);
        Path file = Path.of(jdbc.sql("select file_path from import_job where id = :id").param("id", jobId)
                .query(String.class).single());
        List<ImportTarget> targets = job.targets().stream().map(ImportTarget::parse).toList();
        RowConverter converter = new RowConverter(targets, job.header(), job.campaignId(), job.source(), zone);
        Set<Integer> done = dryRun ? Set.of() : new HashSet<>(jdbc.sql(
                "select chunk_no from import_chunk where job_id = :id").param("id", jobId).query(Integer.class).list());
        ExecutorService pool = Executors.newFixedThreadPool(
                dryRun ? 1 : workers);
        Semaphore inFlight = new Semaphore(dryRun ? 1 : workers);
        List<Future<?>> pending = new ArrayList<>();
        SpreadsheetFiles.Format format = SpreadsheetFiles.Format.valueOf(job.format());
        Character delimiter = delimiterOf(jobId);
        try (Spreadsheet sheet = SpreadsheetFiles.open(file, format, job.encoding(), delimiter)) {
            long planStart = System.nanoTime();
            PersonChunks people = dryRun || !chunksByPerson(jobId, done) ? null
                    : planChunks(file, format, job.encoding(), delimiter, targets);
            if (people != null) {
                log.info("Import {}: rows grouped by person in {} ms", jobId,
                        (System.nanoTime() - planStart) / 1_000_000);
            }
            Iterator<SheetRow> rows = sheet.rows();
            int chunkNo = 0;
            int index = 0;
            List<SheetRow> chunk = new ArrayList<>(chunkSize);
            while (rows.hasNext()) {
                SheetRow row = rows.next();
                if (people == null || !people.movesAway(index)) {
                    chunk.add(row);
                }
                index++;
                if (index % chunkSize == 0 || !rows.hasNext()) {
                    if (!done.contains(chunkNo)) {
                        List<SheetRow> rowsOfChunk = people == null ? List.copyOf(chunk)
                                : withMovedRows(chunk, chunkNo, people);
                        int number = chunkNo;
                        inFlight.acquire();
                        pending.add(pool.submit(() -> {
                            try {
                                process(jobId, number, rowsOfChunk, converter, targets, job.header(), actor, dryRun);
                            } finally {
                                inFlight.release();
                            }
                            return null;
                        }));
                    }
                    chunk.clear();
                    chunkNo++;
                    failFast(pending);
                    pending.removeIf(Future::isDone);
                }
            }
            for (Future<?> future : pending) {
                future.get();
            }
            finish(jobId, dryRun ? ImportJob.VALIDATED : ImportJob.COMPLETED, null, actor, dryRun);
            if (!dryRun) {
                Files.deleteIfExists(file);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            log.error("Import {} failed", jobId, cause);
            finish(jobId, ImportJob.FAILED, "The import stopped: " + cause.getMessage(), actor, dryRun);
        } catch (SpreadsheetProblem e) {
            finish(jobId, ImportJob.FAILED, e.getMessage(), actor, dryRun);
        } catch (Exception e) {
            log.error("Import {} failed", jobId, e);
            finish(jobId, ImportJob.FAILED, "The import stopped: " + e.getMessage(), actor, dryRun);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Reads the file once ahead of the import to put all rows of a person into the chunk of its first row (see
     * {@link PersonChunks}). A file that cannot be read to its end fails here, before anything is written.
     */
    private PersonChunks planChunks(Path file, SpreadsheetFiles.Format format, String encoding, Character delimiter,
            List<ImportTarget> targets) throws java.io.IOException {
        List<Integer> keyColumns = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            ImportTarget target = targets.get(i);
            if (target.kind() == ImportTarget.Kind.FIELD && (target.leadField() == LeadField.EMAIL
                    || target.leadField() == LeadField.PHONE)) {
                keyColumns.add(i);
            }
        }
        List<Spreadsheet> opened = new ArrayList<>();
        try {
            return PersonChunks.plan(() -> {
                try {
                    Spreadsheet sheet = SpreadsheetFiles.open(file, format, encoding, delimiter);
                    opened.add(sheet);
                    return sheet.rows();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, keyColumns, chunkSize);
        } finally {
            for (Spreadsheet sheet : opened) {
                sheet.close();
            }
        }
    }

    /**
     * A fresh import groups its chunks by person. One that committed chunks of consecutive rows before imports did
     * that (an import running while this version was deployed) finishes as it began.
     */
    private boolean chunksByPerson(UUID jobId, Set<Integer> done) {
        if (done.isEmpty()) {
            jdbc.sql("update import_job set chunks_by_person = true where id = :id").param("id", jobId).update();
            return true;
        }
        return jdbc.sql("select chunks_by_person from import_job where id = :id").param("id", jobId)
                .query(Boolean.class).single();
    }

    /** The chunk's own rows and the later rows of its people, in file order. */
    private static List<SheetRow> withMovedRows(List<SheetRow> own, int chunkNo, PersonChunks people) {
        List<PersonChunks.Moved> moved = people.movedInto(chunkNo);
        if (moved.isEmpty()) {
            return List.copyOf(own);
        }
        List<SheetRow> rows = new ArrayList<>(own.size() + moved.size());
        rows.addAll(own);
        moved.forEach(m -> rows.add(m.row()));
        return List.copyOf(rows);
    }

    /** A chunk that failed for good stops the import; the chunks before it stay imported. */
    private static void failFast(List<Future<?>> pending)
            throws ExecutionException, InterruptedException {
        for (Future<?> future : pending) {
            if (future.isDone()) {
                future.get();
            }
        }
    }

    private void process(UUID jobId, int chunkNo, List<SheetRow> chunk, RowConverter converter,
            List<ImportTarget> targets, List<String> header, Actor actor, boolean dryRun) {
        List<Object[]> errors = new ArrayList<>();
        List<CaptureItem> items = new ArrayList<>(chunk.size());
        List<Long> lines = new ArrayList<>(chunk.size());
        for (SheetRow row : chunk) {
            RowConverter.Converted converted = converter.convert(row);
            if (converted instanceof RowConverter.Item item) {
                items.add(item.item());
                lines.add(row.line());
            } else if (converted instanceof RowConverter.Problems problems) {
                problems.problems().forEach(p -> errors.add(errorRow(jobId, row.line(), p.field(), p)));
            }
        }
        Map<String, String> columnOfField = columnNames(targets, header);
        Transactions.retryingOnConflict(transactions, () -> {
            List<Object[]> rowErrors = new ArrayList<>(errors);
            long created = 0;
            long updated = 0;
            if (dryRun) {
                List<List<FieldProblem>> problems = intake.validate(items.stream().map(CaptureItem::data).toList(),
                        CaptureChannel.IMPORT);
                for (int i = 0; i < problems.size(); i++) {
                    for (FieldProblem problem : problems.get(i)) {
                        rowErrors.add(errorRow(jobId, lines.get(i),
                                columnOfField.getOrDefault(problem.field(), problem.field()), problem));
                    }
                }
            } else {
                IntakeResult result = capture.capture(items,
                        new CaptureContext(CaptureChannel.IMPORT, actor, "import:" + jobId));
                for (IntakeResult.Item item : result.items()) {
                    switch (item.outcome()) {
                        case CREATED -> created++;
                        case UPDATED -> updated++;
                        case INVALID -> item.problems().forEach(p -> rowErrors.add(errorRow(jobId,
                                lines.get(item.index()), columnOfField.getOrDefault(p.field(), p.field()), p)));
                    }
                }
            }
            if (!rowErrors.isEmpty()) {
                template.batchUpdate("insert into import_row_error (job_id, line_no, field, reason, code, args) "
                        + "values (?, ?, ?, ?, ?, ?)", rowErrors);
            }
            long failedRows = rowErrors.stream().map(e -> e[1]).distinct().count();
            if (!dryRun) {
                jdbc.sql("insert into import_chunk (job_id, chunk_no) values (:id, :n)").param("id", jobId)
                        .param("n", chunkNo).update();
            }
            jdbc.sql("""
                    update import_job set processed_rows = processed_rows + :n, created_leads = created_leads + :c,
                        updated_leads = updated_leads + :u, failed_rows = failed_rows + :f where id = :id
                    """).param("n", chunk.size()).param("c", created).param("u", updated).param("f", failedRows)
                    .param("id", jobId).update();
            return null;
        });
    }

    private static Object[] errorRow(UUID jobId, long line, String column, FieldProblem problem) {
        return new Object[] { jobId, line, column, problem.message(), problem.code(),
                problem.args().toArray(String[]::new) };
    }

    /** Problems name lead fields ("email"); the error report names the file's own column ("邮箱"). */
    private static Map<String, String> columnNames(List<ImportTarget> targets, List<String> header) {
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            ImportTarget target = targets.get(i);
            if (target.kind() == ImportTarget.Kind.FIELD) {
                names.put(LeadField.valueOf(target.value()).apiName(), header.get(i));
            } else if (target.kind() == ImportTarget.Kind.CUSTOM) {
                names.put("custom." + target.value(), header.get(i));
            } else if (target.kind() == ImportTarget.Kind.TAGS) {
                names.put("tags", header.get(i));
            }
        }
        return names;
    }

    private void setStatus(UUID jobId, String status, String message, boolean started) {
        jdbc.sql("""
                update import_job set status = :status, message = :message,
                    started_at = case when :started then coalesce(started_at, :now) else started_at end
                where id = :id
                """).param("status", status).param("message", message).param("started", started)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", jobId).update();
    }

    private void finish(UUID jobId, String status, String message, Actor actor, boolean dryRun) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("update import_job set status = :status, message = :message, finished_at = :now where id = :id")
                    .param("status", status).param("message", message)
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", jobId).update();
            if (!dryRun) {
                ImportJob job = jobs.get(jobId);
                audit.record(actor, AuditAction.IMPORTED, "import", jobId, job.fileName() + ": "
                        + status.toLowerCase(java.util.Locale.ROOT) + ", " + job.createdLeads() + " created, "
                        + job.updatedLeads() + " updated, " + job.failedRows() + " rows with errors");
            }
        });
    }

    private Actor actorOf(UUID jobId) {
        return jdbc.sql("select created_by_id, created_by, origin from import_job where id = :id").param("id", jobId)
                .query((rs, n) -> new Actor(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).single();
    }

    private Character delimiterOf(UUID jobId) {
        String delimiter = jdbc.sql("select delimiter from import_job where id = :id").param("id", jobId)
                .query(String.class).single();
        return delimiter == null || delimiter.isEmpty() ? null : delimiter.charAt(0);
    }

}
