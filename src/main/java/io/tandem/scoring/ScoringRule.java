package io.tandem.scoring;

import java.util.UUID;

/**
 * A rule that gives (or takes) points. Fit rules: {@code field} (a lead field such as {@code title}, {@code emailDomain}
 * or {@code custom.<key>}), {@code operator} and {@code value}. Engagement rules: {@code activityType}, optionally one
 * campaign, and a cap of points per lead and day.
 */
public record ScoringRule(UUID id, RuleKind kind, String label, String field, FitOperator operator, String value,
        String activityType, UUID campaignId, int points, Integer dailyCap, boolean active) {
}
