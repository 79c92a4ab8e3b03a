package io.tandem.analytics.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;

import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.AttributionModel;
import io.tandem.analytics.Dimension;
import io.tandem.analytics.FunnelStage;
import io.tandem.shared.BadInputException;

/**
 * A dashboard's filter and options as they travel in the URL, so a view can be bookmarked and shared. Texts are
 * parsed here (not by the binder) so that a wrong value gets a message naming the parameter.
 */
public record ReportParams(@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, String source, UUID campaign, String channel,
        String region, String industry, UUID sdr, UUID rep, UUID team, String by, String model, Integer halfLife,
        Integer within, Integer aging, Double share, String cohort, String group, String without) {

    public static final int DEFAULT_DAYS = 90;

    /** The same parameters with the period filled in (the last 90 days up to today by default). */
    public ReportParams withDefaults(Clock clock, ZoneId zone) {
        LocalDate end = to != null ? to : LocalDate.now(clock.withZone(zone));
        LocalDate start = from != null ? from : end.minusDays(DEFAULT_DAYS - 1);
        return new ReportParams(start, end, source, campaign, channel, region, industry, sdr, rep, team, by, model,
                halfLife, within, aging, share, cohort, group, without);
    }

    public AnalyticsFilter filter() {
        return new AnalyticsFilter(from, to, source, campaign, channel, region, industry, sdr, rep, team,
                withoutKeys());
    }

    /** The breakdowns whose key the leads lack, from {@code without=REP,SDR}. */
    public java.util.Set<Dimension> withoutKeys() {
        java.util.Set<Dimension> dimensions = java.util.EnumSet.noneOf(Dimension.class);
        if (without != null) {
            for (String name : without.split(",")) {
                if (!name.isBlank()) {
                    dimensions.add(parse("without", name, Dimension.class, null));
                }
            }
        }
        return dimensions;
    }

    /** The {@code without} list with {@code dimension} added (a "(none)" row of a view that is already narrowed). */
    public String withoutAlso(Dimension dimension) {
        java.util.Set<Dimension> dimensions = withoutKeys();
        dimensions.add(dimension);
        return String.join(",", dimensions.stream().map(Dimension::name).toList());
    }

    public Dimension dimension(Dimension otherwise) {
        return parse("by", by, Dimension.class, otherwise);
    }

    public AttributionModel attributionModel() {
        return parse("model", model, AttributionModel.class, AttributionModel.W_SHAPED);
    }

    public FunnelStage cohortStage() {
        return parse("cohort", cohort, FunnelStage.class, FunnelStage.LEAD);
    }

    public int halfLifeDays() {
        return bounded("halfLife", halfLife, 7, 1, 365);
    }

    /** {@code null}: ever. */
    public Integer withinDays() {
        return within == null ? null : bounded("within", within, 0, 1, 3650);
    }

    public int agingDays() {
        return bounded("aging", aging, 30, 1, 3650);
    }

    /** Marketing's target share of orders in percent. */
    public double targetShare() {
        if (share == null) {
            return 40;
        }
        if (share < 0 || share > 100 || share.isNaN()) {
            throw BadInputException.of("share", "The target share must be 0 to 100 %");
        }
        return share;
    }

    /** Attribution by campaign or by channel. */
    public boolean byChannel() {
        return "channel".equalsIgnoreCase(group);
    }

    private static int bounded(String name, Integer value, int otherwise, int min, int max) {
        if (value == null) {
            return otherwise;
        }
        if (value < min || value > max) {
            throw BadInputException.of(name, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static <E extends Enum<E>> E parse(String name, String value, Class<E> type, E otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(name, "unknown value '" + value + "'; one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The query string of these parameters, with {@code overrides} (name, value, …; a null value drops it). */
    public String query(String... overrides) {
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("from", from);
        values.put("to", to);
        values.put("source", source);
        values.put("campaign", campaign);
        values.put("channel", channel);
        values.put("region", region);
        values.put("industry", industry);
        values.put("sdr", sdr);
        values.put("rep", rep);
        values.put("team", team);
        values.put("by", by);
        values.put("model", model);
        values.put("halfLife", halfLife);
        values.put("within", within);
        values.put("aging", aging);
        values.put("share", share);
        values.put("cohort", cohort);
        values.put("group", group);
        values.put("without", without);
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        StringBuilder query = new StringBuilder();
        values.forEach((key, value) -> {
            if (value != null && !value.toString().isBlank()) {
                query.append(query.isEmpty() ? "" : "&").append(key).append('=').append(java.net.URLEncoder
                        .encode(value.toString(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }
}
