package io.tandem.scoring.internal;

import java.util.Optional;

import io.tandem.scoring.ScoringSettings;

/** When a lead is ready for an SDR: a hand-raise, or a good enough fit with enough engagement. */
final class MqlPolicy {

    static final String HAND_RAISER = "scoring:hand-raiser";
    static final String THRESHOLD = "scoring:threshold";

    private MqlPolicy() {
    }

    /** @return the rule that makes the lead an MQL, if any */
    static Optional<String> decide(ScoringSettings settings, String grade, double engagementNow, boolean handRaised) {
        if (handRaised) {
            return Optional.of(HAND_RAISER);
        }
        if (settings.gradeQualifies(grade) && engagementNow >= settings.mqlMinEngagement()) {
            return Optional.of(THRESHOLD);
        }
        return Optional.empty();
    }
}
