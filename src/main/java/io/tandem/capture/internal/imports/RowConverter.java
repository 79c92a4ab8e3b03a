package io.tandem.capture.internal.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tandem.campaign.MemberStatus;
import io.tandem.capture.CaptureItem;
import io.tandem.lead.LeadData;
import io.tandem.shared.BadInputException.FieldProblem;

/** Turns one spreadsheet row into a capture item under the mapping the marketer chose. */
final class RowConverter {

    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-M-d H:m[:s]"), DateTimeFormatter.ofPattern("yyyy/M/d H:m[:s]"));
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ofPattern("yyyy-M-d"),
            DateTimeFormatter.ofPattern("yyyy/M/d"), DateTimeFormatter.ofPattern("yyyy.M.d"),
            DateTimeFormatter.ofPattern("yyyy年M月d日"));

    private final List<ImportTarget> targets;
    private final List<String> header;
    private final UUID campaignId;
    private final String source;
    private final ZoneId zone;

    RowConverter(List<ImportTarget> targets, List<String> header, UUID campaignId, String source, ZoneId zone) {
        this.targets = targets;
        this.header = header;
        this.campaignId = campaignId;
        this.source = source;
        this.zone = zone;
    }

    sealed interface Converted permits Item, Problems {
    }

    record Item(CaptureItem item) implements Converted {
    }

    record Problems(List<FieldProblem> problems) implements Converted {
    }

    Converted convert(SheetRow row) {
        List<String> cells = row.cells();
        if (cells.size() > header.size() && cells.subList(header.size(), cells.size()).stream()
                .anyMatch(cell -> !cell.isBlank())) {
            return new Problems(List.of(FieldProblem.of(null, "row.ragged", cells.size(), header.size())));
        }
        LeadData.Builder lead = LeadData.builder().source(source).campaignId(campaignId);
        Map<String, Object> custom = new LinkedHashMap<>();
        Set<String> tags = new LinkedHashSet<>();
        MemberStatus status = null;
        List<FieldProblem> problems = new ArrayList<>();
        for (int column = 0; column < targets.size(); column++) {
            String value = column < cells.size() ? cells.get(column).strip() : "";
            if (value.isEmpty()) {
                continue;
            }
            ImportTarget target = targets.get(column);
            switch (target.kind()) {
                case FIELD -> lead.set(target.leadField(), value);
                case CUSTOM -> custom.put(target.value(), value);
                case TAGS -> Arrays.stream(value.split("[,;，；、|]")).map(String::strip).filter(t -> !t.isEmpty())
                        .forEach(tags::add);
                case CAMPAIGN_STATUS -> {
                    status = MemberStatus.parse(translateStatus(value)).orElse(null);
                    if (status == null) {
                        problems.add(FieldProblem.of(header.get(column), "row.status", value));
                    }
                }
                case CAPTURED_AT -> {
                    Instant at = parseTime(value);
                    if (at == null) {
                        problems.add(FieldProblem.of(header.get(column), "row.date", value));
                    } else {
                        lead.capturedAt(at);
                    }
                }
                case NEW_CUSTOM, IGNORE -> {
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Problems(problems);
        }
        return new Item(new CaptureItem(lead.custom(custom).tags(tags).build(), status));
    }

    /** The Chinese words event organisers use for a participant's status. */
    private static String translateStatus(String value) {
        return switch (value.strip()) {
            case "已报名", "报名" -> "REGISTERED";
            case "已签到", "签到", "已参会", "参会", "出席" -> "ATTENDED";
            case "未到场", "缺席", "未参会" -> "NO_SHOW";
            case "已下载", "下载" -> "DOWNLOADED";
            case "已点击", "点击" -> "CLICKED";
            case "已打开", "打开" -> "OPENED";
            default -> value;
        };
    }

    private Instant parseTime(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException ignored) {
            // not ISO with offset
        }
        for (DateTimeFormatter format : DATE_TIMES) {
            try {
                return LocalDateTime.parse(value, format).atZone(zone).toInstant();
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        for (DateTimeFormatter format : DATES) {
            try {
                return LocalDate.parse(value, format).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        return null;
    }
}
