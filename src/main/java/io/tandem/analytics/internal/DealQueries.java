package io.tandem.analytics.internal;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGStatement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.AttributionModel;
import io.tandem.analytics.Dimension;

/**
 * Opportunities and orders with their campaign touches: marketing's contribution (sourced, influenced, share) and
 * the attribution of pipeline and revenue to campaigns. The SQL only reads; the models are {@link AttributionPolicy}.
 */
@Component
public class DealQueries {

    private final JdbcClient jdbc;
    /**
     * Reads the deal rows: binary values, fetched in batches inside the report's transaction, so that a year's hundred
     * thousand deals never sit in the driver's memory all at once (where they outlived the young generation and the
     * collector copied them).
     */
    private final JdbcClient batched;
    private static final int DEALS_PER_FETCH = 10_000;
    private final ZoneId zone;
    private final Set<String> salesSources;
    private final ReportMemory memory;

    DealQueries(JdbcClient jdbc, DataSource dataSource, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone,
            @Value("${tandem.analytics.sales-sources:manual,sales,public_pool}") Set<String> salesSources,
            ReportMemory memory) {
        this.jdbc = jdbc;
        JdbcTemplate template = new JdbcTemplate(dataSource) {

            @Override
            protected void applyStatementSettings(Statement statement) throws SQLException {
                super.applyStatementSettings(statement);
                // prepared on the server at once, so that rows arrive as binary values: the server does not write
                // and the driver does not parse a hundred thousand rows of timestamps, numbers and ids as text
                statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
            }
        };
        template.setFetchSize(DEALS_PER_FETCH);
        this.batched = JdbcClient.create(template);
        this.zone = zone;
        this.salesSources = salesSources;
        this.memory = memory;
    }

    /**
     * One opportunity of the scope. {@code inPipeline}: opened in the period; {@code orderAmount} set when won in the
     * period.
     */
    public record Deal(long amountCents, Instant openedAt, Instant closedAt, boolean inPipeline, Long orderCents,
            LocalDate wonOn, UUID leadId, Instant leadCreatedAt, boolean marketingSourced, List<Touch> touches) {

        public BigDecimal amount() {
            return BigDecimal.valueOf(amountCents, 2);
        }

        /** The order's amount when won in the period, else {@code null}. */
        public BigDecimal orderAmount() {
            return orderCents == null ? null : BigDecimal.valueOf(orderCents, 2);
        }

        /** Any campaign touch of its leads up to its opening, or marketing brought its lead. */
        public boolean marketingInfluenced() {
            if (marketingSourced) {
                return true;
            }
            for (Touch touch : touches) {
                if (!touch.at().isAfter(openedAt)) {
                    return true;
                }
            }
            return false;
        }

        public TouchPath path() {
            return new TouchPath(touches, leadCreatedAt, openedAt, closedAt);
        }
    }

    public List<Deal> deals(AnalyticsFilter filter) {
        List<Deal> deals = new ArrayList<>();
        eachDeal(filter, deals::add);
        return deals;
    }

    /**
     * Hands each deal of the period to {@code tally} as its row arrives: a year's hundred thousand deals are summed
     * without being kept, so they never outlive the young generation.
     */
    public void eachDeal(AnalyticsFilter filter, Consumer<Deal> tally) {
        memory.read(() -> {
            readDeals(filter, tally);
            return null;
        });
    }

    /**
     * An opportunity's deal row {@code d} (ADR 16: amount, dates, order, primary lead, touches in time order) opened
     * or won in the period; deal rows are few (one per ten leads) and narrow, so reading them all beats combining two
     * index ranges.
     */
    private static final String IN_PERIOD = """
            ((d.created_at >= :from and d.created_at < :to) or (d.won_on >= :fromDate and d.won_on <= :toDate))""";

    private void readDeals(AnalyticsFilter filter, Consumer<Deal> tally) {
        Scope scope = new Scope(filter, zone, Dimension.NONE, "d.owner_id").overFunnelRows();
        scope.params.put("salesSources", salesSources.toArray(String[]::new));
        String sql = """
                select d.amount, d.created_at, d.closed_at, d.order_amount, d.won_on,
                       d.lead_id, d.lead_created_at,
                       (d.lead_first_campaign_id is not null or d.lead_source <> all(:salesSources))
                           as marketing_sourced,
                       d.touches
                from deal_fact d
                %s
                where d.lead_created_at is not null and %s and %s
                """.formatted(leadsOf(scope), IN_PERIOD, scope.where());
        batched.sql(sql).params(scope.params).query((RowCallbackHandler) rs -> {
            // read as OffsetDateTime: the driver builds it without the Calendar that getTimestamp goes through
            Instant openedAt = rs.getObject(2, OffsetDateTime.class).toInstant();
            OffsetDateTime closed = rs.getObject(3, OffsetDateTime.class);
            LocalDate wonOn = rs.getObject(5, LocalDate.class);
            boolean inPipeline = !openedAt.isBefore(scope.from) && openedAt.isBefore(scope.to);
            boolean wonInPeriod = wonOn != null && !wonOn.isBefore(filter.from()) && !wonOn.isAfter(filter.to());
            Instant closedAt = closed != null ? closed.toInstant()
                    : wonOn == null ? null : wonOn.plusDays(1).atStartOfDay(zone).toInstant();
            tally.accept(new Deal(cents(rs.getBigDecimal(1)), openedAt, closedAt, inPipeline,
                    wonInPeriod ? cents(rs.getBigDecimal(4)) : null, wonOn, rs.getObject(6, UUID.class),
                    rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getBoolean(8), touches(rs.getBytes(9))));
        });
    }

    /** An amount of money in whole cents ({@code null} stays {@code null}). */
    private static Long cents(BigDecimal amount) {
        return amount == null ? null
                : amount.setScale(2, java.math.RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    /**
     * The join to the primary lead's funnel row {@code l}, only when the filter looks at the lead's columns (a deal
     * row carries the lead's creation, source and first campaign, and has {@code lead_created_at} only while that lead
     * is live), and the joins the filter needs (the owner's team is the deal owner's).
     */
    private static String leadsOf(Scope scope) {
        return (scope.readsLead() ? "join lead_funnel l on l.id = d.lead_id " : "") + scope.joins();
    }

    /**
     * A deal row's touches as packed by the database (V43): 24 bytes each, the campaign's uuid then the moment in
     * microseconds since the epoch, big-endian.
     */
    static List<Touch> touches(byte[] packed) {
        if (packed == null || packed.length == 0) {
            return List.of();
        }
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(packed);
        List<Touch> touches = new ArrayList<>(packed.length / 24);
        while (bytes.remaining() >= 24) {
            UUID campaign = new UUID(bytes.getLong(), bytes.getLong());
            long micros = bytes.getLong();
            touches.add(new Touch(campaign, Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L)));
        }
        return touches;
    }

    /** Orders won in a month of the period: how many and their amount. */
    public record MonthOfOrders(java.time.YearMonth month, long orders, BigDecimal revenue) {
    }

    /**
     * The period's orders per month, narrowed like {@link #deals} (by their opportunity's primary lead and owner),
     * without reading touches: what the planner's history needs.
     */
    public List<MonthOfOrders> ordersByMonth(AnalyticsFilter filter) {
        Scope scope = new Scope(filter, zone, Dimension.NONE, "d.owner_id").overFunnelRows();
        String sql = """
                select to_char(d.won_on, 'YYYY-MM') as month, count(*) as orders, sum(d.order_amount) as revenue
                from deal_fact d
                %s
                where d.lead_created_at is not null and %s and d.won_on >= :fromDate and d.won_on <= :toDate
                group by 1 order by 1
                """.formatted(leadsOf(scope), scope.where());
        return memory.read(() -> jdbc.sql(sql).params(scope.params).query((rs, n) -> new MonthOfOrders(
                java.time.YearMonth.parse(rs.getString(1)), rs.getLong(2), rs.getBigDecimal(3))).list());
    }

    /** Pipeline and revenue, and how much of each marketing brought or touched. */
    public record Contribution(Money pipeline, Money revenue) {
    }

    /** @param count opportunities (pipeline) or orders (revenue) */
    public record Money(long count, BigDecimal total, long marketingSourcedCount, BigDecimal marketingSourced,
            long influencedCount, BigDecimal influenced) {

        public long salesSourcedCount() {
            return count - marketingSourcedCount;
        }

        public BigDecimal salesSourced() {
            return total.subtract(marketingSourced);
        }

        /** Marketing-sourced share of the count, in percent; {@code null} without any. */
        public Double marketingShareOfCount() {
            return count == 0 ? null : 100.0 * marketingSourcedCount / count;
        }

        public Double marketingShareOfAmount() {
            return total.signum() == 0 ? null
                    : marketingSourced.multiply(BigDecimal.valueOf(100)).divide(total, 4, java.math.RoundingMode.HALF_UP)
                            .doubleValue();
        }
    }

    public static Contribution contribution(List<Deal> deals) {
        ContributionTally tally = new ContributionTally();
        deals.forEach(tally);
        return tally.contribution();
    }

    /** Marketing's contribution summed deal by deal. */
    public static final class ContributionTally implements Consumer<Deal> {

        private final MoneyTally pipeline = new MoneyTally();
        private final MoneyTally revenue = new MoneyTally();

        @Override
        public void accept(Deal deal) {
            if (deal.inPipeline()) {
                pipeline.add(deal, deal.amountCents());
            }
            if (deal.orderCents() != null) {
                revenue.add(deal, deal.orderCents());
            }
        }

        public Contribution contribution() {
            return new Contribution(pipeline.money(), revenue.money());
        }
    }

    /** Sums in cents; a sum that nothing was added to is {@link BigDecimal#ZERO}, as the reports always had it. */
    private static final class MoneyTally {

        private long count;
        private long total;
        private long sourced;
        private long influenced;
        private long sourcedCount;
        private long influencedCount;

        void add(Deal deal, long cents) {
            count++;
            total += cents;
            if (deal.marketingSourced()) {
                sourced += cents;
                sourcedCount++;
            }
            if (deal.marketingInfluenced()) {
                influenced += cents;
                influencedCount++;
            }
        }

        Money money() {
            return new Money(count, sum(total, count), sourcedCount, sum(sourced, sourcedCount), influencedCount,
                    sum(influenced, influencedCount));
        }
    }

    private static BigDecimal sum(long cents, long added) {
        return added == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(cents, 2);
    }

    /** Pipeline and revenue credited to one campaign ({@code null}: opportunities without any campaign touch). */
    public record Credit(UUID campaignId, BigDecimal pipeline, BigDecimal revenue) {
    }

    /** Credits per campaign under {@code model}; the credits of each opportunity add up to its amount. */
    public static Map<UUID, Credit> attribute(List<Deal> deals, AttributionModel model, Duration halfLife) {
        AttributionTally tally = new AttributionTally(model, halfLife);
        deals.forEach(tally);
        return tally.credits();
    }

    /** Credits per campaign summed deal by deal. */
    public static final class AttributionTally implements Consumer<Deal> {

        private final AttributionPolicy policy;
        /** Per campaign: pipeline cents, revenue cents, and how many credits each got. */
        private final Map<UUID, long[]> sums = new LinkedHashMap<>();

        public AttributionTally(AttributionModel model, Duration halfLife) {
            this.policy = AttributionPolicy.of(model, halfLife);
        }

        @Override
        public void accept(Deal deal) {
            if (!deal.inPipeline() && deal.orderAmount() == null) {
                return;
            }
            TouchPath touchPath = deal.path();
            List<Touch> path = policy.path(touchPath);
            double[] weights = policy.weights(path, touchPath);
            if (deal.inPipeline()) {
                credit(path, weights, deal.amountCents(), 0);
            }
            if (deal.orderCents() != null) {
                credit(path, weights, deal.orderCents(), 1);
            }
        }

        public Map<UUID, Credit> credits() {
            Map<UUID, Credit> credits = new LinkedHashMap<>();
            sums.forEach((id, sum) -> credits.put(id, new Credit(id, sum(sum[0], sum[2]), sum(sum[1], sum[3]))));
            return credits;
        }

        private void credit(List<Touch> path, double[] weights, long cents, int slot) {
            if (path.isEmpty()) {
                add(null, cents, slot);
                return;
            }
            long[] credits = CreditSplitter.splitCents(cents, weights);
            for (int i = 0; i < credits.length; i++) {
                add(path.get(i).campaignId(), credits[i], slot);
            }
        }

        private void add(UUID campaign, long cents, int slot) {
            long[] sum = sums.computeIfAbsent(campaign, id -> new long[4]);
            sum[slot] += cents;
            sum[slot + 2]++;
        }
    }

    /** A campaign as reports name it. */
    public record CampaignInfo(UUID id, String name, String channel, BigDecimal cost) {
    }

    public Map<UUID, CampaignInfo> campaigns(java.util.Collection<UUID> ids) {
        Map<UUID, CampaignInfo> campaigns = new HashMap<>();
        List<UUID> present = ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (present.isEmpty()) {
            return campaigns;
        }
        jdbc.sql("select id, name, channel, actual_cost from campaign where id = any(:ids)")
                .param("ids", present.toArray(UUID[]::new))
                .query((rs, n) -> campaigns.put(rs.getObject(1, UUID.class), new CampaignInfo(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBigDecimal(4))))
                .list();
        return campaigns;
    }

    /** Counts behind a campaign's cost: members, members that became MQL, its opportunities, those won. */
    public record CampaignFunnel(UUID id, String name, String channel, BigDecimal cost, long leads, long mqls,
            long opportunities, long won) {
    }

    /**
     * The campaigns running in the period (start on or before its end, end — or start — on or after its start),
     * narrowed by the filter's campaign and channel.
     */
    public List<CampaignFunnel> campaignFunnels(AnalyticsFilter filter) {
        return memory.read(() -> readCampaignFunnels(filter));
    }

    private List<CampaignFunnel> readCampaignFunnels(AnalyticsFilter filter) {
        Map<String, Object> params = new HashMap<>();
        params.put("fromDate", filter.from());
        params.put("toDate", filter.to());
        StringBuilder where = new StringBuilder("""
                coalesce(c.start_date, (c.created_at at time zone :zone)::date) <= :toDate
                and coalesce(c.end_date, c.start_date, (c.created_at at time zone :zone)::date) >= :fromDate""");
        params.put("zone", zone.getId());
        if (filter.campaign() != null) {
            where.append(" and c.id = :campaign");
            params.put("campaign", filter.campaign());
        }
        if (filter.channel() != null) {
            where.append(" and c.channel = :channel");
            params.put("channel", filter.channel());
        }
        record Campaign(UUID id, String name, String channel, BigDecimal cost) {
        }
        List<Campaign> running = jdbc.sql("""
                select c.id, c.name, c.channel, c.actual_cost from campaign c where %s
                order by c.start_date desc nulls last, c.name limit 200
                """.formatted(where)).params(params).query((rs, n) -> new Campaign(rs.getObject(1, UUID.class),
                rs.getString(2), rs.getString(3), rs.getBigDecimal(4))).list();
        if (running.isEmpty()) {
            return List.of();
        }
        UUID[] ids = running.stream().map(Campaign::id).toArray(UUID[]::new);
        Map<UUID, long[]> counts = new HashMap<>();
        jdbc.sql("""
                select m.campaign_id, count(*) as leads, count(d.lead_id) as mqls from campaign_member m
                left join lead_stage_date d on d.lead_id = m.lead_id and d.stage = 'MQL'
                where m.campaign_id = any(:ids) group by m.campaign_id
                """).param("ids", ids).query((rs, n) -> {
                    long[] c = counts.computeIfAbsent(rs.getObject(1, UUID.class), id -> new long[4]);
                    c[0] = rs.getLong(2);
                    c[1] = rs.getLong(3);
                    return c;
                }).list();
        jdbc.sql("""
                select oc.campaign_id, count(*) as opportunities, count(so.id) as won from opportunity_campaign oc
                left join sales_order so on so.opportunity_id = oc.opportunity_id
                where oc.campaign_id = any(:ids) group by oc.campaign_id
                """).param("ids", ids).query((rs, n) -> {
                    long[] c = counts.computeIfAbsent(rs.getObject(1, UUID.class), id -> new long[4]);
                    c[2] = rs.getLong(2);
                    c[3] = rs.getLong(3);
                    return c;
                }).list();
        return running.stream().map(c -> {
            long[] n = counts.getOrDefault(c.id(), new long[4]);
            return new CampaignFunnel(c.id(), c.name(), c.channel(), c.cost(), n[0], n[1], n[2], n[3]);
        }).toList();
    }

    /** A campaign's cost against what it brought; the cost per figure is {@code null} without cost or figure. */
    public record RoiLine(CampaignFunnel campaign, BigDecimal pipeline, BigDecimal revenue) {

        public BigDecimal costPerLead() {
            return per(campaign.leads());
        }

        public BigDecimal costPerMql() {
            return per(campaign.mqls());
        }

        public BigDecimal costPerOpportunity() {
            return per(campaign.opportunities());
        }

        public BigDecimal costPerWon() {
            return per(campaign.won());
        }

        /** Attributed pipeline per unit of cost. */
        public BigDecimal pipelinePerCost() {
            return ratio(pipeline);
        }

        /** Attributed revenue per unit of cost (ROAS). */
        public BigDecimal revenuePerCost() {
            return ratio(revenue);
        }

        private BigDecimal per(long count) {
            BigDecimal cost = campaign.cost();
            return cost == null || count == 0 ? null
                    : cost.divide(BigDecimal.valueOf(count), 2, java.math.RoundingMode.HALF_UP);
        }

        private BigDecimal ratio(BigDecimal amount) {
            BigDecimal cost = campaign.cost();
            return cost == null || cost.signum() == 0 ? null : amount.divide(cost, 2, java.math.RoundingMode.HALF_UP);
        }
    }

    public static List<RoiLine> roi(List<CampaignFunnel> campaigns, Map<UUID, Credit> credits) {
        return campaigns.stream().map(c -> {
            Credit credit = credits.get(c.id());
            return new RoiLine(c, credit == null ? BigDecimal.ZERO : credit.pipeline(),
                    credit == null ? BigDecimal.ZERO : credit.revenue());
        }).toList();
    }

    /** Refusals and disqualifications by the lead's source and first campaign. */
    public record QualityLine(String source, UUID campaignId, String kind, String reason, long leads) {
    }

    public List<QualityLine> quality(AnalyticsFilter filter) {
        // the lead's source, first campaign and filter columns from its narrow funnel row (live leads only)
        Scope scope = new Scope(filter, zone, Dimension.NONE).overFunnelRows();
        String sql = """
                select l.source, l.first_campaign_id, 'REJECTED' as kind, h.reason_code as reason, count(*) as n
                from handoff h join lead_funnel l on l.id = h.lead_id %1$s
                where %2$s and h.status = 'REJECTED' and h.answered_at >= :from and h.answered_at < :to
                group by 1, 2, 3, 4
                union all
                select l.source, l.first_campaign_id, 'DISQUALIFIED', coalesce(sh.reason, ''), count(*)
                from lead_stage_history sh join lead_funnel l on l.id = sh.lead_id %1$s
                where %2$s and sh.to_stage = 'DISQUALIFIED' and sh.occurred_at >= :from and sh.occurred_at < :to
                group by 1, 2, 3, 4
                order by 5 desc, 1, 3, 4
                """.formatted(scope.joins(), scope.where());
        return jdbc.sql(sql).params(scope.params).query((rs, n) -> new QualityLine(rs.getString(1),
                rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getLong(5))).list();
    }

    /** Transfers answered in the period and how many of them sales refused, by the lead's source. */
    public record AcceptanceLine(String source, long answered, long rejected) {

        public Double rejectedPercent() {
            return answered == 0 ? null : 100.0 * rejected / answered;
        }
    }

    public List<AcceptanceLine> acceptance(AnalyticsFilter filter) {
        Scope scope = new Scope(filter, zone, Dimension.NONE).overFunnelRows();
        return jdbc.sql("""
                select l.source, count(*) as answered, count(*) filter (where h.status = 'REJECTED') as rejected
                from handoff h join lead_funnel l on l.id = h.lead_id %s
                where %s and h.status in ('ACCEPTED', 'REJECTED') and h.answered_at >= :from and h.answered_at < :to
                group by 1 order by 2 desc, 1
                """.formatted(scope.joins(), scope.where())).params(scope.params)
                .query((rs, n) -> new AcceptanceLine(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
