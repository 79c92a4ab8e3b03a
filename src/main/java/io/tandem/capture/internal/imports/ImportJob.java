package io.tandem.capture.internal.imports;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An import as the wizard and its progress bar see it. */
public record ImportJob(UUID id, String fileName, String format, String encoding, String status, List<String> header,
        List<String> targets, UUID campaignId, String source, long totalRows, long processedRows, long createdLeads,
        long updatedLeads, long failedRows, String message, String createdBy, Instant createdAt, Instant startedAt,
        Instant finishedAt) {

    public static final String UPLOADED = "UPLOADED";
    public static final String DRY_RUN_QUEUED = "DRY_RUN_QUEUED";
    public static final String DRY_RUN = "DRY_RUN";
    public static final String VALIDATED = "VALIDATED";
    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    public int percent() {
        return totalRows == 0 ? 0 : (int) Math.min(100, processedRows * 100 / totalRows);
    }

    public boolean isRunning() {
        return status.equals(QUEUED) || status.equals(RUNNING) || status.equals(DRY_RUN_QUEUED)
                || status.equals(DRY_RUN);
    }

    public boolean isFinished() {
        return status.equals(COMPLETED) || status.equals(FAILED) || status.equals(VALIDATED);
    }

    public boolean canStart() {
        return status.equals(UPLOADED) || status.equals(VALIDATED);
    }
}
