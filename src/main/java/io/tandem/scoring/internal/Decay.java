package io.tandem.scoring.internal;

import java.time.Duration;
import java.time.Instant;

/** Engagement halves every half-life: points earned a half-life ago count half. */
final class Decay {

    private Decay() {
    }

    static double at(double points, Instant earned, Instant now, int halfLifeDays) {
        if (earned == null || !earned.isBefore(now)) {
            return points;
        }
        double days = Duration.between(earned, now).toMillis() / 86_400_000d;
        return points * Math.pow(0.5, days / halfLifeDays);
    }
}
