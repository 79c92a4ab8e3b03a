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
    private final StringBuilder where = new StringBuilder(" l.merged_into is null");
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
    }

    /** The joins after {@code lead l} that the filter and the breakdown need. */
    String joins() {
        StringBuilder joins = new StringBuilder();
        if (filter.channel() != null || dimension == Dimension.CHANNEL) {
            joins.append(" left join campaign fc on fc.id = l.first_campaign_id");
        }
        if (filter.team() != null || dimension == Dimension.TEAM) {
            joins.append(" left join app_user ou on ou.id = " + owner);
        }
        return joins.toString();
    }

    String where() {
        return where.toString();
    }

    /** Whether the filter narrows the leads beyond "not merged" (then a query must read the lead's row). */
    boolean narrows() {
        return !where.toString().equals(" l.merged_into is null");
    }

    /** The breakdown's key of a lead; {@code entered} is the SQL of the moment that counts for MONTH. */
    String bucket(String entered) {
        return switch (dimension) {
            case NONE -> "''";
            case SOURCE -> "coalesce(l.source, '')";
            case CHANNEL -> "coalesce(fc.channel, '')";
            case CAMPAIGN -> "coalesce(l.first_campaign_id::text, '')";
            case REGION -> "coalesce(l.province, '')";
            case INDUSTRY -> "coalesce(l.industry, '')";
            case SDR -> "coalesce(l.sdr_id::text, '')";
            case REP -> "coalesce(" + owner + "::text, '')";
            case TEAM -> "coalesce(ou.team_id::text, '')";
            case MONTH -> "to_char(" + entered + " at time zone :zone, 'YYYY-MM')";
        };
    }

    Dimension dimension() {
        return dimension;
    }
}
