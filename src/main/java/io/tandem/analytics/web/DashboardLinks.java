package io.tandem.analytics.web;

import io.tandem.analytics.Dimension;

/** Which URL parameter narrows a dashboard to one key of a breakdown (for the links of breakdown tables). */
public final class DashboardLinks {

    private DashboardLinks() {
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
