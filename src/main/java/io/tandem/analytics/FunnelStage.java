package io.tandem.analytics;

import java.util.List;

/**
 * The main line of the waterfall that analytics and the planner count. A lead enters LEAD when it is created and every
 * other stage at its first entry (lead_stage_date); recycling never moves that date.
 */
public enum FunnelStage {
    LEAD, MQL, SAL, SQL, OPPORTUNITY, WON;

    public static final List<FunnelStage> ALL = List.of(values());

    public FunnelStage next() {
        return this == WON ? null : values()[ordinal() + 1];
    }
}
