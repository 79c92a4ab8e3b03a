package io.tandem.analytics;

/** What a report breaks its figures down by. */
public enum Dimension {
    NONE, SOURCE, CHANNEL, CAMPAIGN, REGION, INDUSTRY, SDR, REP, TEAM, MONTH
}
