package io.tandem.scoring.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.tandem.scoring.Contribution;
import io.tandem.scoring.ScoringRule;

/**
 * Applies engagement rules to activities: which rules match, how many points each gives after its daily cap, and
 * what they are worth now after decay. Pure: a cap counts the activities given, so a lead's earlier activities of a
 * capped day come in with the new ones.
 */
final class EngagementLedger {

    record Activity(UUID leadId, String type, UUID campaignId, Instant occurredAt) {
    }

    /** A lead's calendar day in Tandem's time zone. */
    record LeadDay(UUID leadId, LocalDate day) {
    }

    private record DayKey(UUID leadId, UUID ruleId, LocalDate day) {
    }

    record Applied(Activity activity, ScoringRule rule, int points) {
    }

    private final List<ScoringRule> rules;
    private final ZoneId zone;
    private final Map<DayKey, Integer> dailyTotals = new HashMap<>();

    EngagementLedger(List<ScoringRule> rules, ZoneId zone) {
        this.rules = rules;
        this.zone = zone;
    }

    /** The days on which a capped rule matched one of these activities: their other activities count for the cap. */
    static Set<LeadDay> cappedDays(List<ScoringRule> rules, Collection<Activity> activities, ZoneId zone) {
        Set<LeadDay> days = new HashSet<>();
        for (Activity activity : activities) {
            for (ScoringRule rule : rules) {
                if (rule.dailyCap() != null && matches(rule, activity)) {
                    days.add(new LeadDay(activity.leadId(), day(activity, zone)));
                }
            }
        }
        return days;
    }

    /** Applies the activities in the order given; a capped rule gives only what is left of its cap that day. */
    List<Applied> apply(List<Activity> activities) {
        List<Applied> applied = new ArrayList<>();
        for (Activity activity : activities) {
            for (ScoringRule rule : rules) {
                if (!matches(rule, activity)) {
                    continue;
                }
                int points = rule.points();
                if (rule.dailyCap() != null && points > 0) {
                    DayKey key = new DayKey(activity.leadId(), rule.id(), day(activity, zone));
                    int given = dailyTotals.getOrDefault(key, 0);
                    points = Math.max(0, Math.min(points, rule.dailyCap() - given));
                    dailyTotals.put(key, given + points);
                }
                if (points != 0) {
                    applied.add(new Applied(activity, rule, points));
                }
            }
        }
        return applied;
    }

    static double valueNow(List<Applied> applied, Instant now, int halfLifeDays) {
        double total = 0;
        for (Applied item : applied) {
            total += Decay.at(item.points(), item.activity().occurredAt(), now, halfLifeDays);
        }
        return total;
    }

    static List<Contribution> explain(List<Applied> applied, Instant now, int halfLifeDays) {
        return applied.stream().map(item -> new Contribution(item.rule().id().toString(), item.rule().label(),
                Decay.at(item.points(), item.activity().occurredAt(), now, halfLifeDays), item.activity().occurredAt()))
                .sorted((a, b) -> b.at().compareTo(a.at())).toList();
    }

    private static boolean matches(ScoringRule rule, Activity activity) {
        return rule.activityType().equals(activity.type())
                && (rule.campaignId() == null || Objects.equals(rule.campaignId(), activity.campaignId()));
    }

    private static LocalDate day(Activity activity, ZoneId zone) {
        return LocalDate.ofInstant(activity.occurredAt(), zone);
    }
}
