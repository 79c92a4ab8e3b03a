package io.tandem.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.tandem.scoring.FitOperator;
import io.tandem.scoring.RuleKind;
import io.tandem.scoring.ScoringRule;
import io.tandem.scoring.ScoringSettings;

class ScoringRulesOfThumbTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ScoringSettings SETTINGS = new ScoringSettings(30, 60, 40, 20, "B", 60,
            Set.of("DEMO_REQUESTED"), 1);

    static ScoringRule fit(String field, FitOperator operator, String value, int points) {
        return new ScoringRule(UUID.randomUUID(), RuleKind.FIT, field + " " + operator, field, operator, value, null,
                null, points, null, true);
    }

    static ScoringRule engagement(String type, int points, Integer cap) {
        return new ScoringRule(UUID.randomUUID(), RuleKind.ENGAGEMENT, type, null, null, null, type, null, points, cap,
                true);
    }

    static FitEvaluator.Facts facts(Map<String, String> fields, String domain) {
        return new FitEvaluator.Facts(fields, Map.of("budget", "50-200万"), domain);
    }

    @Test
    void aDirectorOfABigManufacturerWithACompanyEmailIsGradeA() {
        List<ScoringRule> rules = List.of(fit("title", FitOperator.CONTAINS, "总监,Director", 25),
                fit("companySize", FitOperator.IN, "1000-4999,5000+", 20),
                fit("emailDomain", FitOperator.NOT_FREE_MAIL, null, 15),
                fit("emailDomain", FitOperator.IN, "competitor.cn", -100));

        FitEvaluator.Result result = FitEvaluator.evaluate(rules, facts(Map.of("title", "IT总监",
                "companySize", "1000-4999"), "huaxin-tech.cn"));

        assertThat(result.points()).isEqualTo(60);
        assertThat(SETTINGS.grade(result.points())).isEqualTo("A");
        assertThat(result.reasons()).hasSize(3);
    }

    @Test
    void aCompetitorsDomainPullsTheGradeDown() {
        List<ScoringRule> rules = List.of(fit("emailDomain", FitOperator.NOT_FREE_MAIL, null, 15),
                fit("emailDomain", FitOperator.IN, "competitor.cn", -100));

        FitEvaluator.Result result = FitEvaluator.evaluate(rules, facts(Map.of(), "competitor.cn"));

        assertThat(result.points()).isEqualTo(-85);
        assertThat(SETTINGS.grade(result.points())).isEqualTo("D");
    }

    @Test
    void freeMailAndCustomFieldsAreUnderstood() {
        assertThat(FitEvaluator.matches(fit("emailDomain", FitOperator.NOT_FREE_MAIL, null, 1), "qq.com")).isFalse();
        assertThat(FitEvaluator.matches(fit("custom.budget", FitOperator.EQUALS, "50-200万", 1), "50-200万"))
                .isTrue();
        assertThat(FitEvaluator.evaluate(List.of(fit("custom.budget", FitOperator.IN, "50-200万,>200万", 10)),
                facts(Map.of(), null)).points()).isEqualTo(10);
        assertThat(FitEvaluator.matches(fit("title", FitOperator.STARTS_WITH, "head", 1), "Head of IT")).isTrue();
        assertThat(FitEvaluator.matches(fit("title", FitOperator.NOT_EMPTY, null, 1), " ")).isFalse();
    }

    @Test
    void aDailyCapLimitsWhatARuleGivesInOneDayAndOpensAgainTheNextDay() {
        ScoringRule pageView = engagement("PAGE_VIEW", 2, 10);
        UUID lead = UUID.randomUUID();
        Instant morning = Instant.parse("2026-03-02T01:00:00Z");
        List<EngagementLedger.Activity> views = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            views.add(new EngagementLedger.Activity(lead, "PAGE_VIEW", null, morning.plusSeconds(60L * i)));
        }
        views.add(new EngagementLedger.Activity(lead, "PAGE_VIEW", null, morning.plusSeconds(86_400)));

        List<EngagementLedger.Applied> applied = new EngagementLedger(List.of(pageView), SHANGHAI)
                .apply(views);

        assertThat(applied.stream().mapToInt(EngagementLedger.Applied::points).sum()).isEqualTo(12);
    }

    @Test
    void theDaysWhoseOtherActivitiesCountForACapAreThoseACappedRuleMatchedInTandemsTimeZone() {
        ScoringRule pageView = engagement("PAGE_VIEW", 2, 10);
        ScoringRule demo = engagement("DEMO_REQUESTED", 30, null);
        UUID viewer = UUID.randomUUID();
        UUID asker = UUID.randomUUID();

        Set<EngagementLedger.LeadDay> days = EngagementLedger.cappedDays(List.of(pageView, demo), List.of(
                // 20:00 UTC on 1 March is 04:00 on 2 March in Shanghai.
                new EngagementLedger.Activity(viewer, "PAGE_VIEW", null, Instant.parse("2026-03-01T20:00:00Z")),
                new EngagementLedger.Activity(viewer, "PAGE_VIEW", null, Instant.parse("2026-03-02T01:00:00Z")),
                new EngagementLedger.Activity(asker, "DEMO_REQUESTED", null, Instant.parse("2026-03-02T01:00:00Z"))),
                SHANGHAI);

        assertThat(days).containsExactly(new EngagementLedger.LeadDay(viewer, java.time.LocalDate.of(2026, 3, 2)));
    }

    @Test
    void negativePointsAreNeverCapped() {
        ScoringRule unsubscribe = engagement("UNSUBSCRIBED", -30, 10);

        List<EngagementLedger.Applied> applied = new EngagementLedger(List.of(unsubscribe), SHANGHAI)
                .apply(List.of(new EngagementLedger.Activity(UUID.randomUUID(), "UNSUBSCRIBED", null, Instant.now())));

        assertThat(applied).extracting(EngagementLedger.Applied::points).containsExactly(-30);
    }

    @Test
    void engagementHalvesEveryHalfLife() {
        Instant earned = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(Decay.at(80, earned, earned.plusSeconds(30L * 86_400), 30)).isCloseTo(40, within(1e-9));
        assertThat(Decay.at(80, earned, earned.plusSeconds(60L * 86_400), 30)).isCloseTo(20, within(1e-9));
        assertThat(Decay.at(80, earned, earned, 30)).isEqualTo(80);
    }

    @Test
    void aHandRaiseMakesAnMqlWhateverTheScore() {
        assertThat(MqlPolicy.decide(SETTINGS, "D", 0, true)).contains(MqlPolicy.HAND_RAISER);
    }

    @Test
    void theThresholdNeedsBothTheGradeAndTheEngagement() {
        assertThat(MqlPolicy.decide(SETTINGS, "B", 60, false)).contains(MqlPolicy.THRESHOLD);
        assertThat(MqlPolicy.decide(SETTINGS, "A", 75, false)).contains(MqlPolicy.THRESHOLD);
        assertThat(MqlPolicy.decide(SETTINGS, "C", 500, false)).isEmpty();
        assertThat(MqlPolicy.decide(SETTINGS, "A", 59.9, false)).isEmpty();
    }
}
