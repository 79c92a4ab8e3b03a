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
    /** Stages a lead can be stuck in. */
    public static final List<String> OPEN_STAGES = List.of("LEAD", "NURTURE", "MQL", "SAL", "SQL", "OPPORTUNITY");

    private final JdbcClient jdbc;
    private final ZoneId zone;
    private final java.time.Clock clock;

    FunnelQueries(JdbcClient jdbc, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.zone = zone;
        this.clock = clock;
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
        StringBuilder reached = new StringBuilder();
        for (int y = 1; y < STAGES.length; y++) {
            reached.append(", count(*) filter (where s").append(y).append(" is not null");
            if (withinDays != null) {
                reached.append(" and s").append(y).append(" <= at + make_interval(days => :within)");
            }
            reached.append(") as r").append(y);
        }
        if (withinDays != null) {
            scope.params.put("within", withinDays);
        }
        String bucket = scope.dimension() == Dimension.MONTH ? scope.bucket("at") : "bucket";
        String sql = dates(scope) + """
                , entries as (
                    select d.*, x.i, x.at from dates d
                    cross join lateral (values (0, s0), (1, s1), (2, s2), (3, s3), (4, s4), (5, s5)) x(i, at)
                    where x.at >= :from and x.at < :to)
                select %s as bucket, i, to_char(at at time zone :zone, 'YYYY-MM') as month, count(*) as entered %s
                from entries group by 1, 2, 3 order by 1, 2, 3
                """.formatted(bucket, reached);
        return jdbc.sql(sql).params(scope.params).query((rs, n) -> {
            long[] counts = new long[STAGES.length];
            for (int y = 1; y < STAGES.length; y++) {
                counts[y] = rs.getLong("r" + y);
            }
            return new Entry(rs.getString("bucket"), FunnelStage.ALL.get(rs.getInt("i")),
                    YearMonth.parse(rs.getString("month")), rs.getLong("entered"), counts);
        }).list();
    }

    /** Days between first entries: {@code from → to} for each consecutive pair, and first touch → won. */
    public record Velocity(String bucket, String step, long leads, Double median, Double mean, Double p90) {
    }

    public static final String FIRST_TOUCH_TO_WON = "FIRST_TOUCH-WON";

    public List<Velocity> velocity(AnalyticsFilter filter, Dimension dimension) {
        Scope scope = new Scope(filter, zone, dimension == Dimension.MONTH ? Dimension.NONE : dimension);
        String sql = dates(scope) + """
                , steps as (
                    select d.bucket, x.i, extract(epoch from x.b - x.a) / 86400.0 as days from dates d
                    cross join lateral (values (0, s0, s1), (1, s1, s2), (2, s2, s3), (3, s3, s4), (4, s4, s5),
                        (5, case when s5 is not null then least(s0,
                            (select min(m.joined_at) from campaign_member m where m.lead_id = d.id),
                            (select min(a.occurred_at) from activity a where a.lead_id = d.id)) end, s5)) x(i, a, b)
                    where x.b >= :from and x.b < :to and x.a is not null and x.b >= x.a)
                select bucket, i, count(*) as leads,
                       percentile_cont(0.5) within group (order by days) as median,
                       avg(days) as mean,
                       percentile_cont(0.9) within group (order by days) as p90
                from steps group by bucket, i order by bucket, i
                """;
        return jdbc.sql(sql).params(scope.params).query((rs, n) -> {
            int i = rs.getInt("i");
            String step = i == 5 ? FIRST_TOUCH_TO_WON : STAGES[i] + "-" + STAGES[i + 1];
            return new Velocity(rs.getString("bucket"), step, rs.getLong("leads"), (Double) rs.getObject("median"),
                    rs.getObject("mean") == null ? null : rs.getDouble("mean"), (Double) rs.getObject("p90"));
        }).list();
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

    /** The leads of the scope with a stage date in the period, one row each with all six first entries. */
    private static String dates(Scope scope) {
        return """
                with base as (
                    select l.id from lead l %1$s where %2$s and l.created_at >= :from and l.created_at < :to
                    union
                    select l.id from lead_stage_date sd join lead l on l.id = sd.lead_id %1$s
                    where %2$s and sd.stage in ('MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON')
                      and sd.first_entered_at >= :from and sd.first_entered_at < :to),
                dates as (
                    select l.id, %3$s as bucket, l.created_at as s0,
                           max(sd.first_entered_at) filter (where sd.stage = 'MQL') as s1,
                           max(sd.first_entered_at) filter (where sd.stage = 'SAL') as s2,
                           max(sd.first_entered_at) filter (where sd.stage = 'SQL') as s3,
                           max(sd.first_entered_at) filter (where sd.stage = 'OPPORTUNITY') as s4,
                           max(sd.first_entered_at) filter (where sd.stage = 'WON') as s5
                    from base b join lead l on l.id = b.id %1$s
                    left join lead_stage_date sd on sd.lead_id = l.id
                    group by 1, 2, 3)
                """.formatted(scope.joins(), scope.where(),
                scope.dimension() == Dimension.MONTH ? "''" : scope.bucket(null));
    }

    static List<String> stages() {
        return new ArrayList<>(List.of(STAGES));
    }

    Instant now() {
        return clock.instant();
    }
}
