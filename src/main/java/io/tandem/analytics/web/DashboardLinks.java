package io.tandem.analytics.web;

import io.tandem.analytics.Dimension;

/** Which URL parameter narrows a dashboard to one key of a breakdown (for the links of breakdown tables). */
public final class DashboardLinks {

    private DashboardLinks() {
    }

    /**
     * The query of {@code p} narrowed to one row of a breakdown: its month, its key, or — for the row of leads
     * without a key ("(none)") — the leads that lack it.
     */
    public static String narrowedTo(ReportParams p, Dimension dimension, String key) {
        return switch (dimension) {
            case NONE -> p.query();
            case MONTH -> p.query("from", key + "-01", "to",
                    java.time.YearMonth.parse(key).atEndOfMonth().toString());
            default -> key == null || key.isEmpty() ? p.query("without", p.withoutAlso(dimension))
                    : p.query(parameter(dimension), key);
        };
    }

    public static String parameter(Dimension dimension) {
        return switch (dimension) {
            case SOURCE -> "source";
            case CHANNEL -> "channel";
            case CAMPAIGN -> "campaign";
            case REGION -> "region";
            case INDUSTRY -> "industry";
            case SDR -> "sdr";
            case REP -> "rep";
            case TEAM -> "team";
            case MONTH, NONE -> "";
        };
    }
}
