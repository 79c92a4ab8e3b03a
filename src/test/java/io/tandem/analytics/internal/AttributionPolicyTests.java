package io.tandem.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.tandem.analytics.AttributionModel;

/**
 * Every model on one hand-computed path. Campaigns A–E touch the buying group on 2, 12 and 22 January, 1 and 15
 * February; the lead was created on 12 January (B is the lead-creation touch), the opportunity opened on 1 February
 * (D is the last touch before it) and was won on 1 March (E is the closing touch); it is worth 1,500.00.
 */
class AttributionPolicyTests {

    static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    static final UUID D = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    static final UUID E = UUID.fromString("00000000-0000-0000-0000-00000000000e");

    static final TouchPath PATH = new TouchPath(List.of(
            new Touch(E, at("2026-02-15")), new Touch(A, at("2026-01-02")), new Touch(C, at("2026-01-22")),
            new Touch(B, at("2026-01-12")), new Touch(D, at("2026-02-01"))),
            at("2026-01-12"), at("2026-02-01"), at("2026-03-01"));

    static final Duration TEN_DAYS = Duration.ofDays(10);

    @Test
    void firstTouchGivesEverythingToTheEarliestCampaign() {
        assertThat(credits(AttributionModel.FIRST_TOUCH, PATH, "1500.00")).isEqualTo(Map.of(A, money("1500.00")));
    }

    @Test
    void lastTouchGivesEverythingToTheLastCampaignBeforeTheOpportunityOpened() {
        assertThat(credits(AttributionModel.LAST_TOUCH, PATH, "1500.00")).isEqualTo(Map.of(D, money("1500.00")));
    }

    @Test
    void leadCreationGivesEverythingToTheTouchThatCreatedTheLead() {
        assertThat(credits(AttributionModel.LEAD_CREATION, PATH, "1500.00")).isEqualTo(Map.of(B, money("1500.00")));
    }

    @Test
    void linearSplitsEvenlyOverTheTouchesBeforeTheOpening() {
        assertThat(credits(AttributionModel.LINEAR, PATH, "1500.00")).isEqualTo(Map.of(
                A, money("375.00"), B, money("375.00"), C, money("375.00"), D, money("375.00")));
    }

    @Test
    void uShapedGivesFortyPercentToFirstTouchAndLeadCreationAndTwentyToTheTouchesBetween() {
        // A 40 % = 600, B 40 % = 600, C and D share 20 % = 300
        assertThat(credits(AttributionModel.U_SHAPED, PATH, "1500.00")).isEqualTo(Map.of(
                A, money("600.00"), B, money("600.00"), C, money("150.00"), D, money("150.00")));
    }

    @Test
    void wShapedGivesThirtyPercentEachToFirstTouchLeadCreationAndOpeningAndTenToTheRest() {
        assertThat(credits(AttributionModel.W_SHAPED, PATH, "1500.00")).isEqualTo(Map.of(
                A, money("450.00"), B, money("450.00"), D, money("450.00"), C, money("150.00")));
    }

    @Test
    void fullPathAddsTheClosingTouchAndGivesTheFourKeyTouchesTwentyTwoAndAHalfPercentEach() {
        assertThat(credits(AttributionModel.FULL_PATH, PATH, "1500.00")).isEqualTo(Map.of(
                A, money("337.50"), B, money("337.50"), D, money("337.50"), E, money("337.50"), C, money("150.00")));
    }

    @Test
    void timeDecayHalvesATouchsWeightForEveryHalfLifeBeforeTheOpening() {
        // ages 30, 20, 10 and 0 days at a 10-day half-life: weights 1/8, 1/4, 1/2, 1 of 15/8
        assertThat(credits(AttributionModel.TIME_DECAY, PATH, "1500.00")).isEqualTo(Map.of(
                A, money("100.00"), B, money("200.00"), C, money("400.00"), D, money("800.00")));
    }

    @Test
    void aUShapedPathOfTwoTouchesSplitsHalfAndHalf() {
        TouchPath two = new TouchPath(List.of(new Touch(A, at("2026-01-02")), new Touch(B, at("2026-01-12"))),
                at("2026-01-12"), at("2026-02-01"), null);
        assertThat(credits(AttributionModel.U_SHAPED, two, "999.99")).isEqualTo(Map.of(
                A, money("500.00"), B, money("499.99")));
    }

    @Test
    void aWShapedPathWhoseFirstTouchAlsoCreatedTheLeadGivesThatTouchSixtyPercent() {
        // lead created on 2 January by A: A holds first touch and lead creation (30 + 30), C the opening (30), B 10
        TouchPath path = new TouchPath(List.of(new Touch(A, at("2026-01-02")), new Touch(B, at("2026-01-12")),
                new Touch(C, at("2026-01-22"))), at("2026-01-02"), at("2026-02-01"), null);
        assertThat(credits(AttributionModel.W_SHAPED, path, "1000.00")).isEqualTo(Map.of(
                A, money("600.00"), B, money("100.00"), C, money("300.00")));
    }

    @Test
    void anOpenOpportunitysFullPathSpreadsTheMissingClosingShareOverTheOthers() {
        // no closing touch: C and E (after the opening) share the 10, 22.5 × 3 + 10 = 77.5 spread in proportion
        TouchPath open = new TouchPath(PATH.touches(), PATH.leadCreatedAt(), PATH.openedAt(), null);
        assertThat(credits(AttributionModel.FULL_PATH, open, "775.00")).isEqualTo(Map.of(
                A, money("225.00"), B, money("225.00"), C, money("50.00"), D, money("225.00"), E, money("50.00")));
    }

    @Test
    void centsLeftOverByRoundingGoToTheEarliestTouchOnATie() {
        TouchPath three = new TouchPath(List.of(new Touch(A, at("2026-01-02")), new Touch(B, at("2026-01-12")),
                new Touch(C, at("2026-01-22"))), at("2026-01-12"), at("2026-02-01"), null);
        assertThat(credits(AttributionModel.LINEAR, three, "100.00")).isEqualTo(Map.of(
                A, money("33.34"), B, money("33.33"), C, money("33.33")));
    }

    @ParameterizedTest
    @EnumSource(AttributionModel.class)
    void theCreditsOfOneOpportunityAlwaysAddUpToItsAmount(AttributionModel model) {
        Random random = new Random(20261127L);
        for (int run = 0; run < 500; run++) {
            List<Touch> touches = new ArrayList<>();
            int count = 1 + random.nextInt(9);
            for (int i = 0; i < count; i++) {
                touches.add(new Touch(UUID.randomUUID(), at("2026-01-01").plusSeconds(random.nextInt(90 * 86_400))));
            }
            Instant leadCreated = at("2026-01-01").plusSeconds(random.nextInt(60 * 86_400));
            Instant opened = at("2026-03-01").plusSeconds(random.nextInt(20 * 86_400));
            Instant closed = random.nextBoolean() ? null : opened.plusSeconds(random.nextInt(40 * 86_400));
            TouchPath path = new TouchPath(touches, leadCreated, opened, closed);
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(10_000_000), 2);
            AttributionPolicy policy = AttributionPolicy.of(model, Duration.ofDays(1 + random.nextInt(30)));
            List<Touch> credited = policy.path(path);
            if (credited.isEmpty()) {
                continue;
            }
            BigDecimal[] credits = CreditSplitter.split(amount, policy.weights(credited, path));
            assertThat(java.util.Arrays.stream(credits).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("run %d of %s", run, model).isEqualByComparingTo(amount);
            assertThat(credits).allSatisfy(credit -> assertThat(credit.signum()).isNotNegative());
        }
    }

    static Map<UUID, BigDecimal> credits(AttributionModel model, TouchPath path, String amount) {
        AttributionPolicy policy = AttributionPolicy.of(model, TEN_DAYS);
        List<Touch> credited = policy.path(path);
        BigDecimal[] credits = CreditSplitter.split(new BigDecimal(amount), policy.weights(credited, path));
        Map<UUID, BigDecimal> byCampaign = new LinkedHashMap<>();
        for (int i = 0; i < credits.length; i++) {
            byCampaign.merge(credited.get(i).campaignId(), credits[i], BigDecimal::add);
        }
        byCampaign.values().removeIf(credit -> credit.signum() == 0 && model != AttributionModel.FULL_PATH);
        return byCampaign;
    }

    static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    static Instant at(String date) {
        return Instant.parse(date + "T00:00:00Z");
    }
}
