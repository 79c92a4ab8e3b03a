package io.tandem.analytics.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.campaign.CampaignCatalog;
import io.tandem.campaign.CampaignMembers;
import io.tandem.campaign.CampaignSummary;
import io.tandem.campaign.MemberStatus;
import io.tandem.campaign.Membership;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.IntakeResult;
import io.tandem.lead.LeadData;
import io.tandem.lead.LeadIntake;
import io.tandem.lead.LeadPast;
import io.tandem.lead.PersonRef;
import io.tandem.opportunity.PastDeals;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;

/**
 * Historical import (section 1 of issue 6): leads with the days they reached each stage, and opportunities or won
 * deals linked to leads by email or Tandem id. Leads go through the lead registry's intake (one person, once), their
 * past through {@link LeadPast}, deals through {@link PastDeals}; nothing publishes events, so a year of history starts
 * no clock and notifies nobody. Rows are written in chunks of {@link #CHUNK}, each in its own transaction; a wrong row
 * is reported with its number and skipped.
 */
@Service
public class HistoryImport implements io.tandem.analytics.PastHistory {

    static final int CHUNK = 500;
    static final Set<String> DATE_COLUMNS = Set.of("created", "mql", "sal", "sql", "opportunity", "won", "lost",
            "disqualified", "opened");
    /** Stage columns of a lead file, in the waterfall's order. */
    static final List<String> STAGE_COLUMNS = List.of("mql", "sal", "sql", "opportunity", "won", "lost",
            "disqualified");

    public enum Kind {
        LEADS, DEALS
    }

    /** @param row the row's line in the file (the header is line 1) */
    public record RowProblem(int row, String message) {
    }

    public record Result(Kind kind, int rows, int created, int updated, int deals, List<RowProblem> problems) {
    }

    private final LeadIntake intake;
    private final LeadPast past;
    private final PastDeals deals;
    private final CampaignCatalog campaigns;
    private final CampaignMembers members;
    private final UserDirectory users;
    private final TransactionTemplate transactions;
    private final ZoneId zone;

    HistoryImport(LeadIntake intake, LeadPast past, PastDeals deals, CampaignCatalog campaigns,
            CampaignMembers members, UserDirectory users, TransactionTemplate transactions,
            @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.intake = intake;
        this.past = past;
        this.deals = deals;
        this.campaigns = campaigns;
        this.members = members;
        this.users = users;
        this.transactions = transactions;
        this.zone = zone;
    }

    @Override
    public int importLeads(String fileName, byte[] content, Actor actor) {
        Result result = run(Kind.LEADS, fileName, content, actor);
        return result.created() + result.updated();
    }

    @Override
    public int importDeals(String fileName, byte[] content, Actor actor) {
        return run(Kind.DEALS, fileName, content, actor).deals();
    }

    public Result run(Kind kind, String fileName, byte[] content, Actor actor) {
        if (content == null || content.length == 0) {
            throw BadInputException.of("file", "Choose a CSV or XLSX file");
        }
        List<Map<String, String>> rows = HistorySheet.read(fileName, content);
        if (!rows.isEmpty() && !rows.get(0).containsKey("email") && !rows.get(0).containsKey("lead_id")) {
            throw BadInputException.of("file", "The file needs an email (or lead_id) column");
        }
        Map<String, UUID> campaignIds = new LinkedHashMap<>();
        for (CampaignSummary campaign : campaigns.all()) {
            campaignIds.putIfAbsent(campaign.name().strip().toLowerCase(Locale.ROOT), campaign.id());
        }
        // a file names the same few SDRs and reps on thousands of rows: each is looked up once
        Map<String, UUID> staff = new java.util.HashMap<>();
        int[] counts = new int[3];
        List<RowProblem> problems = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += CHUNK) {
            List<Map<String, String>> chunk = rows.subList(start, Math.min(start + CHUNK, rows.size()));
            int first = start + 2;
            transactions.executeWithoutResult(tx -> {
                if (kind == Kind.LEADS) {
                    leads(chunk, first, campaignIds, staff, actor, counts, problems);
                } else {
                    deals(chunk, first, staff, actor, counts, problems);
                }
            });
        }
        return new Result(kind, rows.size(), counts[0], counts[1], counts[2], problems);
    }

    private record LeadRow(int row, LeadData data, UUID campaign, Map<String, Instant> stages, UUID sdr,
            String reason) {
    }

    private void leads(List<Map<String, String>> chunk, int first, Map<String, UUID> campaignIds,
            Map<String, UUID> staff, Actor actor, int[] counts, List<RowProblem> problems) {
        List<LeadRow> valid = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            Map<String, String> row = chunk.get(i);
            int line = first + i;
            try {
                Map<String, Instant> stages = new LinkedHashMap<>();
                for (String column : STAGE_COLUMNS) {
                    Instant at = date(row, column);
                    if (at != null) {
                        stages.put(column.toUpperCase(Locale.ROOT), at);
                    }
                }
                Instant created = date(row, "created");
                Instant earliest = stages.values().stream().min(Instant::compareTo).orElse(null);
                if (created == null) {
                    created = earliest;
                }
                if (created != null && earliest != null && earliest.isBefore(created)) {
                    throw new IllegalArgumentException("a stage date lies before the lead's creation");
                }
                UUID campaign = null;
                String campaignName = text(row, "campaign");
                if (campaignName != null) {
                    campaign = campaignIds.get(campaignName.toLowerCase(Locale.ROOT));
                    if (campaign == null) {
                        throw new IllegalArgumentException("no campaign named '" + campaignName + "'");
                    }
                }
                UUID owner = user(row, "owner", staff);
                LeadData data = LeadData.builder().email(text(row, "email")).phone(text(row, "phone"))
                        .name(text(row, "name")).company(text(row, "company")).title(text(row, "title"))
                        .industry(text(row, "industry")).province(text(row, "region")).city(text(row, "city"))
                        .source(text(row, "source")).campaignId(campaign).ownerId(owner).capturedAt(created)
                        .build();
                valid.add(new LeadRow(line, data, campaign, stages, user(row, "sdr", staff), text(row, "reason")));
            } catch (IllegalArgumentException e) {
                problems.add(new RowProblem(line, e.getMessage()));
            }
        }
        if (valid.isEmpty()) {
            return;
        }
        IntakeResult result = intake.capture(valid.stream().map(LeadRow::data).toList(),
                CaptureContext.of(CaptureChannel.IMPORT, actor));
        List<Membership> memberships = new ArrayList<>();
        for (IntakeResult.Item item : result.items()) {
            LeadRow row = valid.get(item.index());
            if (item.outcome() == IntakeResult.Outcome.INVALID) {
                problems.add(new RowProblem(row.row(), String.join("; ", item.problems().stream()
                        .map(p -> p.field() + ": " + p.message()).toList())));
                continue;
            }
            counts[item.outcome() == IntakeResult.Outcome.CREATED ? 0 : 1]++;
            if (row.campaign() != null && row.data().capturedAt() != null) {
                memberships.add(new Membership(row.campaign(), item.leadId(), MemberStatus.RESPONDED,
                        row.data().capturedAt()));
            }
            past.record(item.leadId(), row.stages(), row.sdr(), row.reason(), actor);
        }
        members.record(memberships);
    }

    private void deals(List<Map<String, String>> chunk, int first, Map<String, UUID> staff, Actor actor,
            int[] counts, List<RowProblem> problems) {
        List<PersonRef> people = new ArrayList<>();
        for (Map<String, String> row : chunk) {
            UUID leadId = null;
            String id = text(row, "lead_id");
            if (id != null) {
                try {
                    leadId = UUID.fromString(id);
                } catch (IllegalArgumentException e) {
                    leadId = null;
                }
            }
            people.add(new PersonRef(leadId, text(row, "email"), null, null));
        }
        List<UUID> leads = intake.findKnown(people, CaptureChannel.IMPORT);
        for (int i = 0; i < chunk.size(); i++) {
            Map<String, String> row = chunk.get(i);
            int line = first + i;
            try {
                UUID lead = leads.get(i);
                if (lead == null) {
                    throw new IllegalArgumentException("no lead with this email or id; import the leads first");
                }
                BigDecimal amount = amount(row);
                LocalDate opened = day(row, "opened");
                LocalDate won = day(row, "won");
                LocalDate lost = day(row, "lost");
                if (opened == null) {
                    opened = won != null ? won : lost;
                }
                if (opened == null) {
                    throw new IllegalArgumentException("opened: give the day the opportunity was opened");
                }
                if (amount.signum() < 0) {
                    throw new IllegalArgumentException("amount: must be 0 or more");
                }
                if ((won != null && won.isBefore(opened)) || (lost != null && lost.isBefore(opened))) {
                    throw new IllegalArgumentException("the deal closes before it was opened");
                }
                if (deals.record(lead, text(row, "deal"), amount, text(row, "currency"), opened, won, lost,
                        user(row, "owner", staff), actor) == null) {
                    throw new IllegalArgumentException("owner: name the deal's owner; its lead has none");
                }
                Map<String, Instant> stages = new LinkedHashMap<>();
                stages.put("OPPORTUNITY", opened.atStartOfDay(zone).toInstant());
                if (won != null) {
                    stages.put("WON", won.atStartOfDay(zone).toInstant());
                } else if (lost != null) {
                    stages.put("LOST", lost.atStartOfDay(zone).toInstant());
                }
                past.record(lead, stages, null, null, actor);
                counts[2]++;
            } catch (IllegalArgumentException e) {
                problems.add(new RowProblem(line, e.getMessage()));
            }
        }
    }

    private static String text(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private UUID user(Map<String, String> row, String column, Map<String, UUID> known) {
        String name = text(row, column);
        if (name == null) {
            return null;
        }
        String username = name.toLowerCase(Locale.ROOT);
        UUID id = known.computeIfAbsent(username,
                key -> users.findByUsername(key).map(UserSummary::id).orElse(null));
        if (id == null) {
            throw new IllegalArgumentException(column + ": no user '" + name + "'");
        }
        return id;
    }

    private static BigDecimal amount(Map<String, String> row) {
        String value = text(row, "amount");
        if (value == null) {
            throw new IllegalArgumentException("amount: give the deal's amount");
        }
        try {
            return new BigDecimal(value.replace(",", "").replace("¥", "").replace("￥", "").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount: '" + value + "' is not a number");
        }
    }

    private static final List<DateTimeFormatter> DAYS = java.util.stream.Stream.of("uuuu-M-d", "uuuu/M/d",
            "uuuu.M.d", "uuuu年M月d日").map(HistoryImport::strict).toList();
    private static final List<DateTimeFormatter> TIMES = java.util.stream.Stream.of("uuuu-M-d H:mm[:ss]",
            "uuuu/M/d H:mm[:ss]", "uuuu-M-d'T'H:mm[:ss]").map(HistoryImport::strict).toList();

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(java.time.format.ResolverStyle.STRICT);
    }

    private LocalDate day(Map<String, String> row, String column) {
        Instant at = date(row, column);
        return at == null ? null : LocalDate.ofInstant(at, zone);
    }

    /** A day (its start) or a time, in Tandem's time zone. */
    Instant date(Map<String, String> row, String column) {
        String value = text(row, column);
        if (value == null) {
            return null;
        }
        for (DateTimeFormatter format : TIMES) {
            try {
                return LocalDateTime.parse(value, format).atZone(zone).toInstant();
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        for (DateTimeFormatter format : DAYS) {
            try {
                return LocalDate.parse(value, format).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        throw new IllegalArgumentException(column + ": '" + value + "' is not a date (e.g. 2026-03-01)");
    }
}
