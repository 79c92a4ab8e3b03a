package io.tandem.capture.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.github.kagkarlsson.scheduler.SchedulerClient;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.campaign.CampaignCatalog;
import io.tandem.lead.CustomFieldDefinition;
import io.tandem.lead.CustomFieldType;
import io.tandem.lead.CustomFieldCatalog;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.Ids;
import io.tandem.shared.NotFoundException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The import wizard's steps: upload and inspect, map columns, preview, dry run, start, follow, download errors.
 * The work itself runs in {@link ImportRunner} as a persistent task.
 */
@Service
public class ImportJobs {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CustomFieldCatalog customFields;
    private final CampaignCatalog campaigns;
    /** Lazy: the scheduler needs the import task, which needs this service. */
    private final ObjectProvider<SchedulerClient> scheduler;
    private final AuditLog audit;
    private final Clock clock;
    private final Path directory;

    ImportJobs(JdbcClient jdbc, JsonMapper json, CustomFieldCatalog customFields, CampaignCatalog campaigns,
            ObjectProvider<SchedulerClient> scheduler, AuditLog audit, Clock clock,
            @Value("${tandem.storage-directory:data/files}") Path storage) {
        this.jdbc = jdbc;
        this.json = json;
        this.customFields = customFields;
        this.campaigns = campaigns;
        this.scheduler = scheduler;
        this.audit = audit;
        this.clock = clock;
        this.directory = storage.resolve("imports");
    }

    /**
     * Keeps the file and reads it through once. A file Tandem cannot read is refused here, before anything is written.
     */
    public UUID upload(InputStream content, String fileName, String encoding, Actor actor) throws IOException {
        if (fileName == null || fileName.isBlank()) {
            fileName = "upload";
        }
        Files.createDirectories(directory);
        UUID id = Ids.next();
        Path file = directory.resolve(id + ".upload");
        Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
        SpreadsheetFiles.Inspection inspection;
        try {
            inspection = SpreadsheetFiles.inspect(file, encoding == null || encoding.isBlank() ? null : encoding);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e instanceof SpreadsheetProblem problem ? BadInputException.of(problem.problem())
                    : BadInputException.of("file", "the file cannot be read: " + e.getMessage());
        }
        List<ImportTarget> suggested = HeaderSuggestions.suggest(inspection.header(), customFields.all());
        ObjectNode mapping = json.createObjectNode();
        mapping.set("header", json.valueToTree(inspection.header()));
        mapping.set("targets", json.valueToTree(suggested.stream().map(ImportTarget::code).toList()));
        mapping.set("preview", json.valueToTree(inspection.preview().stream().map(SheetRow::cells).toList()));
        jdbc.sql("""
                insert into import_job (id, file_name, file_path, file_format, encoding, delimiter, status, mapping,
                    source, total_rows, created_by, created_by_id, origin, created_at)
                values (:id, :name, :path, :format, :encoding, :delimiter, 'UPLOADED', :mapping::jsonb, 'import',
                    :rows, :actor, :actorId, :origin, :now)
                """)
                .param("id", id).param("name", fileName).param("path", file.toString())
                .param("format", inspection.format().name()).param("encoding", inspection.encoding())
                .param("delimiter", String.valueOf(inspection.delimiter())).param("mapping", json.writeValueAsString(mapping))
                .param("rows", inspection.rowCount()).param("actor", actor.name()).param("actorId", actor.userId())
                .param("origin", actor.origin()).param("now", clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .update();
        return id;
    }

    public ImportJob get(UUID id) {
        return jdbc.sql("select * from import_job where id = :id").param("id", id)
                .query((rs, n) -> {
                    JsonNode mapping = json.readTree(rs.getString("mapping"));
                    return new ImportJob(id, rs.getString("file_name"), rs.getString("file_format"),
                            rs.getString("encoding"), rs.getString("status"), strings(mapping.get("header")),
                            strings(mapping.get("targets")), rs.getObject("campaign_id", UUID.class),
                            rs.getString("source"), rs.getLong("total_rows"), rs.getLong("processed_rows"),
                            rs.getLong("created_leads"), rs.getLong("updated_leads"), rs.getLong("failed_rows"),
                            rs.getString("message"), rs.getString("created_by"), instant(rs, "created_at"),
                            instant(rs, "started_at"), instant(rs, "finished_at"));
                })
                .optional().orElseThrow(() -> new NotFoundException("Import", id));
    }

    public List<List<String>> previewRows(UUID id) {
        List<List<String>> rows = new ArrayList<>();
        JsonNode preview = jdbc.sql("select mapping -> 'preview' from import_job where id = :id").param("id", id)
                .query(String.class).optional().map(json::readTree).orElseThrow(() -> new NotFoundException("Import", id));
        preview.forEach(row -> rows.add(strings(row)));
        return rows;
    }

    public List<ImportJob> recent(int limit) {
        return jdbc.sql("select id from import_job order by created_at desc limit :limit").param("limit", limit)
                .query(UUID.class).list().stream().map(this::get).toList();
    }

    /**
     * Saves the mapping and queues the work. Columns marked as new custom fields become TEXT custom fields named
     * after their header.
     */
    @Transactional
    public void start(UUID id, List<String> targetCodes, UUID campaignId, String source, boolean dryRun,
            Actor actor) {
        ImportJob job = get(id);
        if (!job.canStart()) {
            throw BadInputException.of("status", "this import is " + job.status().toLowerCase(Locale.ROOT)
                    + " and cannot be started again");
        }
        if (targetCodes.size() != job.header().size()) {
            throw BadInputException.of("mapping", "map every column (" + job.header().size() + " columns)");
        }
        if (campaignId != null && campaigns.find(campaignId).isEmpty()) {
            throw BadInputException.of("campaignId", "the campaign does not exist");
        }
        List<ImportTarget> targets = new ArrayList<>();
        for (String code : targetCodes) {
            try {
                targets.add(ImportTarget.parse(code));
            } catch (IllegalArgumentException e) {
                throw BadInputException.of("mapping", "unknown target " + code);
            }
        }
        checkMapping(targets, job.header());
        if (!dryRun) {
            targets = createCustomFields(targets, job.header(), actor);
        }
        String sourceCode = source == null || source.isBlank() ? "import" : source.strip();
        ObjectNode mapping = (ObjectNode) json.readTree(jdbc.sql("select mapping::text from import_job where id = :id")
                .param("id", id).query(String.class).single());
        mapping.set("targets", json.valueToTree(targets.stream().map(ImportTarget::code).toList()));
        jdbc.sql("""
                update import_job set status = :status, mapping = :mapping::jsonb, campaign_id = :campaign,
                    source = :source, processed_rows = 0, created_leads = 0, updated_leads = 0, failed_rows = 0,
                    message = null, started_at = null, finished_at = null, version = version + 1
                where id = :id
                """)
                .param("status", dryRun ? ImportJob.DRY_RUN_QUEUED : ImportJob.QUEUED)
                .param("mapping", json.writeValueAsString(mapping)).param("campaign", campaignId)
                .param("source", sourceCode).param("id", id).update();
        jdbc.sql("delete from import_row_error where job_id = :id").param("id", id).update();
        jdbc.sql("delete from import_chunk where job_id = :id").param("id", id).update();
        scheduler.getObject().scheduleIfNotExists(ImportTaskConfiguration.IMPORT.instance(id.toString()).scheduledTo(clock.instant()));
        if (!dryRun) {
            audit.record(actor, AuditAction.IMPORTED, "import", id, job.fileName() + " (" + job.totalRows()
                    + " rows) started");
        }
    }

    private static void checkMapping(List<ImportTarget> targets, List<String> header) {
        long identities = targets.stream().filter(t -> t.kind() == ImportTarget.Kind.FIELD
                && (t.value().equals("EMAIL") || t.value().equals("PHONE"))).count();
        if (identities == 0) {
            throw BadInputException.of("mapping", "map at least one column to Email or Phone: they identify people");
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            ImportTarget target = targets.get(i);
            if (target.kind() == ImportTarget.Kind.FIELD || target.kind() == ImportTarget.Kind.CUSTOM
                    || target.kind() == ImportTarget.Kind.CAMPAIGN_STATUS
                    || target.kind() == ImportTarget.Kind.CAPTURED_AT) {
                if (seen.contains(target.code())) {
                    throw BadInputException.of("mapping", "two columns are mapped to the same field (\""
                            + header.get(i) + "\"); map one of them to something else or ignore it");
                }
                seen.add(target.code());
            }
        }
    }

    private List<ImportTarget> createCustomFields(List<ImportTarget> targets, List<String> header, Actor actor) {
        List<ImportTarget> resolved = new ArrayList<>(targets);
        for (int i = 0; i < resolved.size(); i++) {
            if (resolved.get(i).kind() != ImportTarget.Kind.NEW_CUSTOM) {
                continue;
            }
            String label = header.get(i).isBlank() ? "Column " + (i + 1) : header.get(i);
            String key = customFieldKey(label, i);
            Optional<CustomFieldDefinition> existing = customFields.find(key);
            if (existing.isEmpty()) {
                customFields.define(new CustomFieldDefinition(key, label, label, CustomFieldType.TEXT, List.of()),
                        actor);
            }
            resolved.set(i, new ImportTarget(ImportTarget.Kind.CUSTOM, key));
        }
        return resolved;
    }

    /** An ASCII key from the header when it has one ("WeChat ID" → wechat_id), else one from its position. */
    static String customFieldKey(String header, int column) {
        String slug = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.isEmpty() || !Character.isLetter(slug.charAt(0))) {
            return "field_" + Integer.toHexString(header.hashCode() & 0xffffff) + "_" + (column + 1);
        }
        return slug.length() > 60 ? slug.substring(0, 60) : slug;
    }

    /** The error report as CSV; {@code reasons} words each problem for the reader. */
    public void writeErrors(UUID id, Writer writer, java.util.function.Function<RowError, String> reasons)
            throws IOException {
        ImportJob job = get(id);
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                .setHeader("line", "field", "reason").get())) {
            jdbc.sql("select line_no, field, reason, code, args from import_row_error where job_id = :id "
                    + "order by line_no")
                    .param("id", job.id())
                    .query(rs -> {
                        try {
                            csv.printRecord(rs.getLong(1), rs.getString(2), reasons.apply(rowError(rs)));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
    }

    public List<RowError> firstErrors(UUID id, int limit) {
        return jdbc.sql("select line_no, field, reason, code, args from import_row_error where job_id = :id "
                + "order by line_no limit :n")
                .param("id", id).param("n", limit)
                .query((rs, n) -> rowError(rs)).list();
    }

    private static RowError rowError(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Array args = rs.getArray(5);
        return new RowError(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                args == null ? List.of() : List.of((String[]) args.getArray()));
    }

    /** One problem of one row; {@code reason} is English, {@code code} and {@code args} word it in any language. */
    public record RowError(long line, String field, String reason, String code, List<String> args) {
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array instanceof ArrayNode) {
            array.forEach(node -> values.add(node.isNull() ? "" : node.asString()));
        }
        return values;
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.sql.Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
