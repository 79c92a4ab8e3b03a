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
        Scope scope = new Scope(filter, zone, dimension);
        // Leads are read only when the filter or the breakdown needs their columns: an unfiltered funnel counts
        // index entries of lead_created_idx and rows of lead_stage_date. Merged leads have no stage dates left
        // (a merge moves them to the survivor), so stage entries need no lead row to leave them out.
        boolean leadColumns = scope.narrows() || (scope.dimension() != Dimension.NONE
                && scope.dimension() != Dimension.MONTH);
        String bucket = leadColumns && scope.dimension() != Dimension.MONTH ? scope.bucket(null) : "''";
        StringBuilder reached = new StringBuilder();
        for (int y = 1; y < STAGES.length; y++) {
            reached.append(", count(*) filter (where y.s").append(y).append(" is not null");
            if (withinDays != null) {
                reached.append(" and y.s").append(y).append(" <= e.at + make_interval(days => :within)");
            }
            reached.append(") as r").append(y);
        }
        if (withinDays != null) {
            scope.params.put("within", withinDays);
        }
        String stageEntries = leadColumns
                ? "from lead_stage_date d join " + STAGE_VALUES + " on s.stage = d.stage join lead l on l.id = d.lead_id"
                        + scope.joins() + " where" + scope.where() + " and"
                : "from lead_stage_date d join " + STAGE_VALUES + " on s.stage = d.stage where";
        String sql = """
                with entries as (
                    select l.id, 0 as i, l.created_at as at, %1$s as bucket from lead l %2$s
                    where %3$s and l.created_at >= :from and l.created_at < :to
                    union all
                    select d.lead_id, s.i, d.first_entered_at, %1$s %4$s
                        d.first_entered_at >= :from and d.first_entered_at < :to),
                later as (
                    select lead_id,
                           max(first_entered_at) filter (where stage = 'MQL') as s1,
                           max(first_entered_at) filter (where stage = 'SAL') as s2,
                           max(first_entered_at) filter (where stage = 'SQL') as s3,
                           max(first_entered_at) filter (where stage = 'OPPORTUNITY') as s4,
                           max(first_entered_at) filter (where stage = 'WON') as s5
                    from lead_stage_date
                    where stage in ('MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON') and first_entered_at >= :from
                    group by lead_id)
                select %5$s as bucket, e.i, to_char(e.at at time zone :zone, 'YYYY-MM') as month,
                       count(*) as entered %6$s
                from entries e left join later y on y.lead_id = e.id
                group by 1, 2, 3 order by 1, 2, 3
                """.formatted(bucket, scope.joins(), scope.where(), stageEntries,
                scope.dimension() == Dimension.MONTH ? "to_char(e.at at time zone :zone, 'YYYY-MM')" : "e.bucket",
                reached);
        return memory.read(() -> jdbc.sql(sql).params(scope.params).query((rs, n) -> {
            long[] counts = new long[STAGES.length];
            for (int y = 1; y < STAGES.length; y++) {
                counts[y] = rs.getLong("r" + y);
            }
            return new Entry(rs.getString("bucket"), FunnelStage.ALL.get(rs.getInt("i")),
                    YearMonth.parse(rs.getString("month")), rs.getLong("entered"), counts);
        }).list());
    }

    private static final String STAGE_VALUES =
            "(values ('MQL', 1), ('SAL', 2), ('SQL', 3), ('OPPORTUNITY', 4), ('WON', 5)) s(stage, i)";

    /** Days between first entries: {@code from → to} for each consecutive pair, and first touch → won. */
    public record Velocity(String bucket, String step, long leads, Double median, Double mean, Double p90) {
    }

    public static final String FIRST_TOUCH_TO_WON = "FIRST_TOUCH-WON";

    public List<Velocity> velocity(AnalyticsFilter filter, Dimension dimension) {
        Scope scope = new Scope(filter, zone, Dimension.NONE);
        boolean leadColumns = scope.narrows();
        String lead = leadColumns ? " join lead l on l.id = d.lead_id" + scope.joins() + " where" + scope.where()
                + " and" : " where";
        String created = "l.created_at";
        String mqlFrom = "from lead_stage_date d join lead l on l.id = d.lead_id" + scope.joins() + " where"
                + scope.where() + " and";
        StringBuilder steps = new StringBuilder("""
                select 0 as i, extract(epoch from d.first_entered_at - %s) / 86400.0 as days
                %s d.stage = 'MQL' and d.first_entered_at >= :from and d.first_entered_at < :to
                """.formatted(created, mqlFrom));
        for (int i = 1; i < STAGES.length - 1; i++) {
            steps.append("""
                    union all
                    select %d, extract(epoch from d.first_entered_at - p.first_entered_at) / 86400.0
                    from lead_stage_date d join lead_stage_date p on p.lead_id = d.lead_id and p.stage = '%s' %s
                    d.stage = '%s' and d.first_entered_at >= :from and d.first_entered_at < :to
                      and d.first_entered_at >= p.first_entered_at
                    """.formatted(i, STAGES[i], lead, STAGES[i + 1]));
        }
        // won leads are few: their creation is looked up by id (a join would hash all million leads a second time)
        String wonFrom = leadColumns ? mqlFrom
                : "from lead_stage_date d cross join lateral (select c.created_at from lead c where c.id = d.lead_id"
                        + " offset 0) l where";
        steps.append("""
                union all
                select 5, extract(epoch from d.first_entered_at - least(%s,
                           (select min(m.joined_at) from campaign_member m where m.lead_id = d.lead_id))) / 86400.0
                %s d.stage = 'WON' and d.first_entered_at >= :from and d.first_entered_at < :to
                """.formatted(created, wonFrom));
        String sql = """
                select i, count(*) as leads,
                       percentile_cont(0.5) within group (order by days) as median,
                       avg(days) as mean,
                       percentile_cont(0.9) within group (order by days) as p90
                from (%s) steps where days >= 0 group by i order by i
                """.formatted(steps);
        return memory.read(() -> jdbc.sql(sql).params(scope.params).query((rs, n) -> {
            int i = rs.getInt("i");
            String step = i == 5 ? FIRST_TOUCH_TO_WON : STAGES[i] + "-" + STAGES[i + 1];
            return new Velocity("", step, rs.getLong("leads"), (Double) rs.getObject("median"),
                    rs.getObject("mean") == null ? null : rs.getDouble("mean"), (Double) rs.getObject("p90"));
        }).list());
    }

    /** Leads now in an open stage for longer than {@code days} (since their last stage change or creation). */
    public Map<String, Long> aging(AnalyticsFilter filter, int days) {
        Scope scope = new Scope(filter, zone, Dimension.NONE);
        scope.params.put("before", Timestamp.from(clock.instant().minus(Duration.ofDays(days))));
        scope.params.put("stages", OPEN_STAGES.toArray(String[]::new));
        String sql = "select l.stage, count(*) as n from lead l" + scope.joins() + " where" + scope.where()
                + " and l.stage = any(:stages) and coalesce(l.stage_changed_at, l.created_at) < :before"
                + " group by l.stage";
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
