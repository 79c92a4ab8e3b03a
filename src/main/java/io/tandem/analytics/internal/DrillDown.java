package io.tandem.analytics.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.Dimension;
import io.tandem.analytics.FunnelStage;
import io.tandem.lead.LeadScope;
import io.tandem.shared.BadInputException;

/**
 * The leads behind a figure: the same scope and the same predicate as the query that counted them, listed (newest
 * first, at most {@link #LIMIT}) and counted.
 */
@Component
public class DrillDown {

    public static final int LIMIT = 500;
    public static final int COUNT_CAP = 10_000;

    /** What a figure counts. */
    public enum Metric {
        /** first entered {@code stage} in the period */
        ENTERED,
        /** first entered {@code stage} in the period and reached {@code reached} (within {@code within} days) */
        REACHED,
        /** first entered {@code stage} in the period, reached {@code reached} (or is it) and not the stage after */
        STOPPED,
        /** now in {@code stage} since more than {@code aging} days */
        AGING,
        NEVER_WORKED,
        UNANSWERED,
        /** a transfer refused in the period ({@code reason}: that reason only) */
        REJECTED,
        /** disqualified in the period ({@code reason}: that reason only) */
        DISQUALIFIED,
        /** primary leads of the period's deals: {@code kind} all, marketing, sales or influenced */
        PIPELINE,
        REVENUE,
        /** members of {@code member} */
        MEMBERS
    }

    public record Request(Metric metric, FunnelStage stage, FunnelStage reached, Integer within, String openStage,
            int aging, String reason, String kind, UUID member) {
    }

    public record LeadRow(UUID id, String name, String company, String email, String source, String province,
            String stage, Instant createdAt) {
    }

    /** @param total at most {@link #COUNT_CAP} + 1, meaning "more than COUNT_CAP" */
    public record Result(List<LeadRow> leads, long total) {

        public boolean capped() {
            return total > COUNT_CAP;
        }
    }

    private final JdbcClient jdbc;
    private final ZoneId zone;
    private final DealQueries deals;
    private final java.time.Clock clock;

    DrillDown(JdbcClient jdbc, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone, DealQueries deals,
            java.time.Clock clock) {
        this.jdbc = jdbc;
        this.zone = zone;
        this.deals = deals;
        this.clock = clock;
    }

    public static Metric metric(String value) {
        try {
            return Metric.valueOf((value == null ? "" : value).strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("metric", "unknown figure '" + value + "'; one of "
                    + java.util.Arrays.toString(Metric.values()));
        }
    }

    /**
     * @param visible the leads the person asking may see (or export): the figure counts every lead, its list only
     *        those, as every other lead list does
     */
    public Result leads(AnalyticsFilter filter, Request request, int limit, LeadScope visible) {
        // pipeline and revenue find their leads through the deals the filter selects (rep and team are the deal's
        // owner there, not the lead's): the leads are then those deals' primary leads, not narrowed again
        boolean throughDeals = request.metric() == Metric.PIPELINE || request.metric() == Metric.REVENUE;
        Scope scope = new Scope(throughDeals ? AnalyticsFilter.period(filter.from(), filter.to()) : filter, zone,
                Dimension.NONE);
        String predicate = predicate(filter, request, scope);
        scope.params.putAll(visible.params());
        String from = " from lead l" + scope.joins() + " where" + scope.where() + " and " + predicate + " and ("
                + visible.predicate() + ")";
        // counted up to COUNT_CAP + 1, like the lead pool: "10,000+" needs no full count of a million rows
        long total = jdbc.sql("select count(*) from (select 1" + from + " limit " + (COUNT_CAP + 1) + ") c")
                .params(scope.params).query(Long.class).single();
        List<LeadRow> rows = jdbc.sql("select l.id, l.name, l.company, l.email, l.source, l.province, l.stage,"
                + " l.created_at" + from + " order by l.created_at desc, l.id limit " + Math.min(limit, 100_000))
                .params(scope.params).query((rs, n) -> new LeadRow(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getTimestamp(8).toInstant())).list();
        return new Result(rows, total);
    }

    private String predicate(AnalyticsFilter filter, Request request, Scope scope) {
        return switch (request.metric()) {
            case ENTERED -> entered(need(request.stage(), "stage"), scope);
            case REACHED -> {
                FunnelStage stage = need(request.stage(), "stage");
                FunnelStage reached = need(request.reached(), "reached");
                scope.params.put("reached", reached.name());
                String reachedAt = "(select r.first_entered_at from lead_stage_date r where r.lead_id = l.id"
                        + " and r.stage = :reached)";
                String within = "";
                if (request.within() != null) {
                    scope.params.put("within", request.within());
                    within = " and " + reachedAt + " <= " + enteredAt(stage) + " + make_interval(days => :within)";
                }
                yield entered(stage, scope) + " and " + reachedAt + " is not null" + within;
            }
            case STOPPED -> {
                FunnelStage stage = need(request.stage(), "stage");
                FunnelStage at = request.reached() == null ? stage : request.reached();
                if (at.next() == null) {
                    throw BadInputException.of("reached", "no stage comes after " + at);
                }
                scope.params.put("stoppedAt", at.name());
                scope.params.put("after", at.next().name());
                String reachedAt = at == stage ? "" : " and exists (select 1 from lead_stage_date r"
                        + " where r.lead_id = l.id and r.stage = :stoppedAt)";
                yield entered(stage, scope) + reachedAt + " and not exists (select 1 from lead_stage_date n"
                        + " where n.lead_id = l.id and n.stage = :after)";
            }
            case AGING -> {
                if (request.openStage() == null || !FunnelQueries.OPEN_STAGES.contains(request.openStage())) {
                    throw BadInputException.of("stage", "one of " + FunnelQueries.OPEN_STAGES);
                }
                scope.params.put("open", request.openStage());
                scope.params.put("before", Timestamp.from(clock.instant().minus(Duration.ofDays(request.aging()))));
                yield "l.stage = :open and coalesce(l.stage_changed_at, l.created_at) < :before";
            }
            case NEVER_WORKED -> "exists (select 1 from lead_stage_date d where d.lead_id = l.id and "
                    + FunnelQueries.NEVER_WORKED + ")";
            case UNANSWERED -> "exists (select 1 from handoff h where h.lead_id = l.id and "
                    + FunnelQueries.UNANSWERED + ")";
            case REJECTED -> {
                String reason = "";
                if (request.reason() != null && !request.reason().isBlank()) {
                    scope.params.put("reason", request.reason());
                    reason = " and h.reason_code = :reason";
                }
                yield "exists (select 1 from handoff h where h.lead_id = l.id and h.status = 'REJECTED'"
                        + " and h.answered_at >= :from and h.answered_at < :to" + reason + ")";
            }
            case DISQUALIFIED -> {
                String reason = "";
                if (request.reason() != null) {
                    scope.params.put("reason", request.reason());
                    reason = " and coalesce(sh.reason, '') = :reason";
                }
                yield "exists (select 1 from lead_stage_history sh where sh.lead_id = l.id"
                        + " and sh.to_stage = 'DISQUALIFIED' and sh.occurred_at >= :from and sh.occurred_at < :to"
                        + reason + ")";
            }
            case PIPELINE, REVENUE -> {
                boolean revenue = request.metric() == Metric.REVENUE;
                String kind = request.kind() == null ? "all" : request.kind().toLowerCase(Locale.ROOT);
                List<UUID> ids = deals.deals(filter).stream()
                        .filter(d -> revenue ? d.orderAmount() != null : d.inPipeline())
                        .filter(d -> switch (kind) {
                            case "marketing" -> d.marketingSourced();
                            case "sales" -> !d.marketingSourced();
                            case "influenced" -> d.marketingInfluenced();
                            case "all" -> true;
                            default -> throw BadInputException.of("kind", "one of all, marketing, sales, influenced");
                        }).map(DealQueries.Deal::leadId).distinct().toList();
                scope.params.put("ids", ids.toArray(UUID[]::new));
                yield "l.id = any(:ids)";
            }
            case MEMBERS -> {
                scope.params.put("member", need(request.member(), "campaign"));
                String reached = "";
                if (request.reached() != null) {
                    scope.params.put("reached", request.reached().name());
                    reached = " and exists (select 1 from lead_stage_date r where r.lead_id = l.id"
                            + " and r.stage = :reached)";
                }
                yield "exists (select 1 from campaign_member m where m.lead_id = l.id and m.campaign_id = :member)"
                        + reached;
            }
        };
    }

    private static String entered(FunnelStage stage, Scope scope) {
        if (stage == FunnelStage.LEAD) {
            return "l.created_at >= :from and l.created_at < :to";
        }
        scope.params.put("stage", stage.name());
        return "exists (select 1 from lead_stage_date e where e.lead_id = l.id and e.stage = :stage"
                + " and e.first_entered_at >= :from and e.first_entered_at < :to)";
    }

    private static String enteredAt(FunnelStage stage) {
        return stage == FunnelStage.LEAD ? "l.created_at"
                : "(select e.first_entered_at from lead_stage_date e where e.lead_id = l.id and e.stage = :stage)";
    }

    private static <T> T need(T value, String name) {
        if (value == null) {
            throw BadInputException.of(name, "is required for this figure");
        }
        return value;
    }
}
