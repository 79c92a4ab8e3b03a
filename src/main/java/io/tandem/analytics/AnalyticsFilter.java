package io.tandem.analytics;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Which leads and opportunities a report counts: a period of days (both ends included, in Tandem's time zone) and
 * optional narrowing by the lead's source, first campaign, that campaign's channel, province (region), industry, SDR,
 * owner (rep) and the owner's team. Opportunities are narrowed by their primary lead and their own owner.
 *
 * @param without the breakdowns whose key the leads lack ("(none)" in a breakdown table: no SDR, no rep, no first
 *        campaign …); empty for none
 */
public record AnalyticsFilter(LocalDate from, LocalDate to, String source, UUID campaign, String channel,
        String region, String industry, UUID sdr, UUID rep, UUID team, java.util.Set<Dimension> without) {

    public AnalyticsFilter {
        source = blankToNull(source);
        channel = blankToNull(channel);
        region = blankToNull(region);
        industry = blankToNull(industry);
        if (from != null && to != null && to.isBefore(from)) {
            throw io.tandem.shared.BadInputException.of("to", "The end of the period is before its start");
        }
        without = without == null || without.isEmpty() ? java.util.Set.of()
                : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(without));
        if (without.contains(Dimension.MONTH) || without.contains(Dimension.NONE)) {
            throw io.tandem.shared.BadInputException.of("without", "Every lead has a month; one of source, channel, "
                    + "campaign, region, industry, SDR, rep or team");
        }
    }

    public AnalyticsFilter(LocalDate from, LocalDate to, String source, UUID campaign, String channel, String region,
            String industry, UUID sdr, UUID rep, UUID team) {
        this(from, to, source, campaign, channel, region, industry, sdr, rep, team, java.util.Set.of());
    }

    public static AnalyticsFilter period(LocalDate from, LocalDate to) {
        return new AnalyticsFilter(from, to, null, null, null, null, null, null, null, null);
    }

    public AnalyticsFilter withPeriod(LocalDate newFrom, LocalDate newTo) {
        return new AnalyticsFilter(newFrom, newTo, source, campaign, channel, region, industry, sdr, rep, team,
                without);
    }

    public AnalyticsFilter withTeam(UUID newTeam) {
        return new AnalyticsFilter(from, to, source, campaign, channel, region, industry, sdr, rep, newTeam, without);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
