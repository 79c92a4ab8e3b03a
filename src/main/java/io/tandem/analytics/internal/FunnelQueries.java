package io.tandem.analytics.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.Dimension;
import io.tandem.analytics.FunnelStage;

/**
 * Funnel, velocity, aging and leaks straight from the stage dates (lead.created_at for LEAD, lead_stage_date for the
 * others), the SDR's calls and the handoffs. See docs/metrics.md for every definition.
 */
@Component
public class FunnelQueries {

    static final String[] STAGES = { "LEAD", "MQL", "SAL", "SQL", "OPPORTUNITY", "WON" };
    /**
     * Stages a lead can be stuck in: worked stages. A lead that never left LEAD is unqualified, not stuck (most of a
     * pool is), and the funnel counts those.
     */
    public static final List<String> OPEN_STAGES = List.of("NURTURE", "MQL", "SAL", "SQL", "OPPORTUNITY");

    private final JdbcClient jdbc;
    private final ZoneId zone;
    private final java.time.Clock clock;
    private final ReportMemory memory;

    FunnelQueries(JdbcClient jdbc, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone, java.time.Clock clock,
            ReportMemory memory) {
        this.jdbc = jdbc;
        this.zone = zone;
        this.clock = clock;
        this.memory = memory;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * One row per breakdown key, stage X and month: the leads that first entered X in that month of the period, and
     * how many of them reached each stage (ever, or within {@code withinDays} of entering X).
     */
    public record Entry(String bucket, FunnelStage stage, YearMonth month, long entered, long[] reached) {
    }

    public List<Entry> entries(AnalyticsFilter filter, Dimension dimension, Integer withinDays) {
        Scope scope = new Scope(filter, zone, dimension).overFunnelRows();
        // One branch per stage X: the funnel rows whose first entry of X lies in the period, each carrying its later
        // dates. A later stage counts when first entered in the period or after it (as the stage entries counted).
        String bucket = scope.bucket();
        StringBuilder entries = new StringBuilder();
        for (int x = 0; x < STAGES.length; x++) {
            String at = "l." + AT[x];
            entries.append(x == 0 ? "" : " union all ").append("select ").append(bucket).append(" as bucket, ")
                    .append(x).append(" as i, ").append(at).append(" as at, l.mql_at as s1, l.sal_at as s2,")
                    .append(" l.sql_at as s3, l.opportunity_at as s4, l.won_at as s5 from lead_funnel l")
                    .append(scope.joins()).append(" where").append(scope.where()).append(" and ").append(at)
                    .append(" >= :from and ").append(at).append(" < :to");
        }
        StringBuilder reached = new StringBuilder();
        for (int y = 1; y < STAGES.length; y++) {
            reached.append(", count(*) filter (where e.s").append(y).append(" >= :from");
            if (withinDays != null) {
                reached.append(" and e.s").append(y).append(" <= e.at + make_interval(days => :within)");
            }
            reached.append(") as r").append(y);
        }
        if (withinDays != null) {
            scope.params.put("within", withinDays);
        }
        // The month of an entry is found among the period's month starts (a binary search), which costs a fraction
        // of converting every entry's time to the local time zone.
        YearMonth first = YearMonth.from(filter.from());
        List<String> monthStarts = new ArrayList<>();
        for (YearMonth month = first; !month.isAfter(YearMonth.from(filter.to())); month = month.plusMonths(1)) {
            monthStarts.add(month.atDay(1).atStartOfDay(zone).toInstant().toString());
        }
        // bound as a timestamptz[] (not text cast in the query): a constant to the planner, so it needs neither a
        // cast per row nor a CTE, which would keep the query off PostgreSQL's parallel workers
        scope.params.put("monthStarts", new SqlArrayValue("timestamptz", (Object[]) monthStarts.toArray(String[]::new)));
        String sql = """
                select coalesce(e.bucket::text, '') as bucket, e.i, width_bucket(e.at, :monthStarts) as month,
                       count(*) as entered %s
                from (%s) e
                group by e.bucket, 2, 3 order by 1, 2, 3
                """.formatted(reached, entries);
        boolean byMonth = scope.dimension() == Dimension.MONTH;
        return memory.read(() -> jdbc.sql(sql).params(scope.params).query((rs, n) -> {
            long[] counts = new long[STAGES.length];
            for (int y = 1; y < STAGES.length; y++) {
                counts[y] = rs.getLong("r" + y);
            }
            YearMonth month = first.plusMonths(rs.getInt("month") - 1L);
            return new Entry(byMonth ? month.toString() : rs.getString("bucket"),
                    FunnelStage.ALL.get(rs.getInt("i")), month, rs.getLong("entered"), counts);
        }).list());
    }

    /** The funnel row's column of the first entry of each stage in {@link #STAGES}. */
    private static final String[] AT = { "created_at", "mql_at", "sal_at", "sql_at", "opportunity_at", "won_at" };

    /** Days between first entries: {@code from → to} for each consecutive pair, and first touch → won. */
    public record Velocity(String bucket, String step, long leads, Double median, Double mean, Double p90) {
    }

    public static final String FIRST_TOUCH_TO_WON = "FIRST_TOUCH-WON";

    /**
     * Of the leads that first entered each stage in the period, how many reached the next stage ever (index by
     * {@link FunnelStage#ordinal()}; WON has no next): what the planner learns its conversion rates from.
     */
    public record Conversions(long[] entered, long[] reachedNext) {
    }

    /**
     * @param minimumAge stage → how long before the period's end its entrants must have entered to be counted (the
     *        planner leaves out leads too young to have moved on yet); absent stages count the whole period
     */
    public Conversions conversions(AnalyticsFilter filter, Map<FunnelStage, Duration> minimumAge) {
        Scope scope = new Scope(filter, zone, Dimension.NONE).overFunnelRows();
        StringBuilder stages = new StringBuilder();
        for (int x = 0; x < STAGES.length - 1; x++) {
            String at = "l." + AT[x];
            Duration age = minimumAge.get(FunnelStage.ALL.get(x));
            String end = age == null ? ":to" : ":before" + x;
            if (age != null) {
                scope.params.put("before" + x, Timestamp.from(scope.to.minus(age)));
            }
            stages.append(x == 0 ? "" : " union all ").append("select ").append(x)
                    .append(" as i, count(*) as entered, count(*) filter (where l.").append(AT[x + 1])
                    .append(" >= :from) as reached from lead_funnel l").append(scope.joins()).append(" where")
                    .append(scope.where()).append(" and ").append(at).append(" >= :from and ").append(at)
                    .append(" < ").append(end);
        }
        long[] entered = new long[STAGES.length];
        long[] reachedNext = new long[STAGES.length];
        memory.read(() -> jdbc.sql(stages.toString()).params(scope.params).query((rs, n) -> {
            entered[rs.getInt("i")] = rs.getLong("entered");
            reachedNext[rs.getInt("i")] = rs.getLong("reached");
            return n;
        }).list());
        return new Conversions(entered, reachedNext);
    }

    public List<Velocity> velocity(AnalyticsFilter filter) {
        return velocity(filter, true);
    }

    /**
     * @param firstTouchToWon also the days from first touch to won, which look up each won lead's first campaign
     *        membership (the planner's cycle times do without)
     */
    public List<Velocity> velocity(AnalyticsFilter filter, boolean firstTouchToWon) {
        Scope scope = new Scope(filter, zone, Dimension.NONE).overFunnelRows();
        // one aggregate per step over its own index range (the stage indexes carry both dates): no sort of every
        // step's days by step before the percentiles sort them again
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < STAGES.length - 1; i++) {
            String before = "l." + AT[i];
            String after = "l." + AT[i + 1];
            steps.append(i == 0 ? "" : " union all ").append(step(i, "date_part('epoch', " + after + " - " + before
                    + ") / 86400.0", " from lead_funnel l" + scope.joins() + " where" + scope.where() + " and "
                    + after + " >= :from and " + after + " < :to and " + before + " is not null"));
        }
        // won leads are few: their first campaign touch is looked up per lead, once
        steps.append(firstTouchToWon ? " union all " + step(5, "date_part('epoch', l.won_at - least(l.created_at, ft.first))"
                + " / 86400.0", " from lead_funnel l left join lateral (select min(m.joined_at) as first"
                + " from campaign_member m where m.lead_id = l.id) ft on true" + scope.joins() + " where"
                + scope.where() + " and l.won_at >= :from and l.won_at < :to") : "");
        String sql = steps + " order by 1";
        return memory.read(() -> jdbc.sql(sql).params(scope.params).query((rs, n) -> {
            int i = rs.getInt("i");
            String step = i == 5 ? FIRST_TOUCH_TO_WON : STAGES[i] + "-" + STAGES[i + 1];
            return new Velocity("", step, rs.getLong("leads"), (Double) rs.getObject("median"),
                    rs.getObject("mean") == null ? null : rs.getDouble("mean"), (Double) rs.getObject("p90"));
        }).list().stream().filter(velocity -> velocity.leads() > 0).toList());
    }

    /** Count, median, mean and 90th percentile of the days of one step (negative spans are left out). */
    private static String step(int i, String days, String from) {
        return "select " + i + " as i, count(*) as leads,"
                + " percentile_cont(0.5) within group (order by d.days) as median, avg(d.days) as mean,"
                + " percentile_cont(0.9) within group (order by d.days) as p90"
                + " from (select " + days + " as days" + from + ") d where d.days >= 0";
    }

    /** Leads now in an open stage for longer than {@code days} (since their last stage change or creation). */
    public Map<String, Long> aging(AnalyticsFilter filter, int days) {
        Scope scope = new Scope(filter, zone, Dimension.NONE);
        scope.params.put("before", Timestamp.from(clock.instant().minus(Duration.ofDays(days))));
        // the open stages written out: a constant list the planner matches with the partial stage index (V45)
        String sql = "select l.stage, count(*) as n from lead l" + scope.joins() + " where" + scope.where()
                + " and l.stage in (" + String.join(", ", OPEN_STAGES.stream().map(s -> "'" + s + "'").toList())
                + ") and coalesce(l.stage_changed_at, l.created_at) < :before group by l.stage";
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        OPEN_STAGES.forEach(stage -> counts.put(stage, 0L));
        jdbc.sql(sql).params(scope.params).query((rs, n) -> counts.put(rs.getString("stage"), rs.getLong("n")))
                .list();
        return counts;
    }

    /**
     * @param neverWorked leads that became MQL in the period, are still MQL and have no call, note or transfer
     * @param unanswered transfers made in the period that still await the rep's answer
     */
    public record Leaks(long neverWorked, long unanswered) {
    }

    public Leaks leaks(AnalyticsFilter filter) {
        Scope scope = new Scope(filter, zone, Dimension.NONE);
        long neverWorked = jdbc.sql("select count(*) from lead_stage_date d join lead l on l.id = d.lead_id"
                + scope.joins() + " where" + scope.where() + " and " + NEVER_WORKED).params(scope.params)
                .query(Long.class).single();
        long unanswered = jdbc.sql("select count(*) from handoff h join lead l on l.id = h.lead_id" + scope.joins()
                + " where" + scope.where() + " and " + UNANSWERED).params(scope.params).query(Long.class).single();
        return new Leaks(neverWorked, unanswered);
    }

    static final String NEVER_WORKED = """
            d.stage = 'MQL' and d.first_entered_at >= :from and d.first_entered_at < :to and l.stage = 'MQL'
            and not exists (select 1 from sdr_call c where c.lead_id = l.id)
            and not exists (select 1 from handoff h where h.lead_id = l.id)""";

    static final String UNANSWERED = "h.transferred_at >= :from and h.transferred_at < :to and h.status = 'PENDING'";

    static List<String> stages() {
        return new ArrayList<>(List.of(STAGES));
    }

    Instant now() {
        return clock.instant();
    }
}
