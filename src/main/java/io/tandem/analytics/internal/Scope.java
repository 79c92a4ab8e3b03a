package io.tandem.analytics.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.Dimension;

/**
 * A filter turned into SQL over {@code lead l}: the predicates only for what is set (so the planner can use the
 * indexes), the joins the predicates and the breakdown need, and the named parameters.
 */
final class Scope {

    final Instant from;
    final Instant to;
    final Map<String, Object> params = new LinkedHashMap<>();
    /** The predicates the filter adds, each starting with " and". */
    private final StringBuilder where = new StringBuilder();
    /** {@code l} is a row of lead_funnel (live leads only) rather than of lead. */
    private boolean funnelRows;
    private final AnalyticsFilter filter;
    private final Dimension dimension;

    private final String owner;

    Scope(AnalyticsFilter filter, ZoneId zone, Dimension dimension) {
        this(filter, zone, dimension, "l.owner_id");
    }

    /** @param owner the SQL of the owner that rep, team and their breakdowns look at ({@code o.owner_id} for deals) */
    Scope(AnalyticsFilter filter, ZoneId zone, Dimension dimension, String owner) {
        this.owner = owner;
        this.filter = filter;
        this.dimension = dimension == null ? Dimension.NONE : dimension;
        this.from = filter.from().atStartOfDay(zone).toInstant();
        this.to = filter.to().plusDays(1).atStartOfDay(zone).toInstant();
        params.put("from", Timestamp.from(from));
        params.put("to", Timestamp.from(to));
        params.put("zone", zone.getId());
        params.put("fromDate", filter.from());
        params.put("toDate", filter.to());
        if (filter.source() != null) {
            where.append(" and l.source = :source");
            params.put("source", filter.source());
        }
        if (filter.campaign() != null) {
            where.append(" and l.first_campaign_id = :campaign");
            params.put("campaign", filter.campaign());
        }
        if (filter.channel() != null) {
            where.append(" and fc.channel = :channel");
            params.put("channel", filter.channel());
        }
        if (filter.region() != null) {
            where.append(" and l.province = :region");
            params.put("region", filter.region());
        }
        if (filter.industry() != null) {
            where.append(" and l.industry = :industry");
            params.put("industry", filter.industry());
        }
        if (filter.sdr() != null) {
            where.append(" and l.sdr_id = :sdr");
            params.put("sdr", filter.sdr());
        }
        if (filter.rep() != null) {
            where.append(" and ").append(owner).append(" = :rep");
            params.put("rep", filter.rep());
        }
        if (filter.team() != null) {
            where.append(" and ou.team_id = :team");
            params.put("team", filter.team());
        }
        for (Dimension missing : filter.without()) {
            // as the breakdown groups it: no value, or an empty one
            where.append(" and coalesce(").append(column(missing)).append("::text, '') = ''");
        }
    }

    /** The joins after {@code lead l} that the filter and the breakdown need. */
    String joins() {
        StringBuilder joins = new StringBuilder();
        if (filter.channel() != null || dimension == Dimension.CHANNEL
                || filter.without().contains(Dimension.CHANNEL)) {
            joins.append(" left join campaign fc on fc.id = l.first_campaign_id");
        }
        if (filter.team() != null || dimension == Dimension.TEAM || filter.without().contains(Dimension.TEAM)) {
            joins.append(" left join app_user ou on ou.id = " + owner);
        }
        return joins.toString();
    }

    /**
     * The scope over {@code lead_funnel l} instead of {@code lead l}: the funnel row has the lead's filter columns
     * under the same names and exists only for live leads.
     */
    Scope overFunnelRows() {
        funnelRows = true;
        return this;
    }

    String where() {
        return (funnelRows ? " true" : " l.merged_into is null") + where;
    }

    /** Whether the filter narrows the leads beyond "not merged" (then a query must read the lead's row). */
    boolean narrows() {
        return where.length() > 0;
    }

    /**
     * Whether the filter looks at the lead's own columns (source, first campaign and its channel, region, industry,
     * SDR), as opposed to the owner alone — which, for deals, is the deal's.
     */
    boolean readsLead() {
        return filter.source() != null || filter.campaign() != null || filter.channel() != null
                || filter.region() != null || filter.industry() != null || filter.sdr() != null
                || filter.without().stream().anyMatch(d -> d != Dimension.REP && d != Dimension.TEAM);
    }

    /**
     * The breakdown's key of a lead as its column (text or uuid, null when unknown): grouping by the column and turning
     * the groups' keys into text afterwards costs far less than a conversion per lead. MONTH is not a column.
     */
    String bucket() {
        return dimension == Dimension.NONE || dimension == Dimension.MONTH ? "''" : column(dimension);
    }

    /** The lead's column a breakdown groups by. */
    private String column(Dimension dimension) {
        return switch (dimension) {
            case NONE, MONTH -> throw new IllegalArgumentException("no column: " + dimension);
            case SOURCE -> "l.source";
            case CHANNEL -> "fc.channel";
            case CAMPAIGN -> "l.first_campaign_id";
            case REGION -> "l.province";
            case INDUSTRY -> "l.industry";
            case SDR -> "l.sdr_id";
            case REP -> owner;
            case TEAM -> "ou.team_id";
        };
    }

    Dimension dimension() {
        return dimension;
    }
}
