package io.tandem.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.handoff.Handoffs;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStages;
import io.tandem.lead.internal.AccountsAndDuplicates;
import io.tandem.lifecycle.Stage;
import io.tandem.notification.internal.Inbox;
import io.tandem.routing.internal.Router.SkipReason;
import io.tandem.routing.internal.RoutingCondition;
import io.tandem.routing.internal.RoutingCondition.Operator;
import io.tandem.routing.internal.RoutingDecisions;
import io.tandem.routing.internal.RoutingRule.Target;
import io.tandem.routing.internal.RoutingSettings;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.sla.SlaKind;
import io.tandem.sla.internal.SlaBoard;
import io.tandem.sla.internal.SlaPolicies;
import io.tandem.sla.internal.SlaPolicy;
import io.tandem.sla.internal.SlaTimers;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;

/**
 * Who gets a new MQL. Every rule here tests the test's own city, so rules never reach other tests' leads; they are
 * removed after each test.
 */
@IntegrationTest
class RoutingTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final Instant MONDAY_TEN = at("2026-11-23T10:00");

    @LocalServerPort
    int port;
    @Autowired
    io.tandem.notification.internal.NotificationTexts texts;
    @Autowired
    io.tandem.shared.web.Ui ui;
    @Autowired
    MutableClock clock;
    @Autowired
    RoutingSettings settings;
    @Autowired
    RoutingDecisions decisions;
    @Autowired
    LeadStages stages;
    @Autowired
    LeadDirectory leads;
    @Autowired
    Handoffs handoffs;
    @Autowired
    AccountsAndDuplicates accounts;
    @Autowired
    Inbox inbox;
    @Autowired
    SlaBoard slaBoard;
    @Autowired
    SlaPolicies slaPolicies;
    @Autowired
    SlaTimers timers;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;

    People people;
    String city;
    final List<UUID> rules = new ArrayList<>();

    @BeforeEach
    void setUp() {
        people = new People(users, transactions);
        city = "city-" + UUID.randomUUID().toString().substring(0, 8);
        clock.setTo(MONDAY_TEN);
    }

    @AfterEach
    void removeRules() {
        rules.forEach(rule -> transactions.executeWithoutResult(tx -> settings.deleteRule(rule, Actor.SYSTEM)));
        transactions.executeWithoutResult(tx -> slaPolicies.save(new SlaPolicy(SlaKind.MQL_RESPONSE, "*", 120, 30,
                true, false, true), Actor.SYSTEM));
        clock.followRealTime();
    }

    @Test
    void theFirstRuleWhoseConditionsHoldDecidesAndSaysWhy() {
        UserSummary east = people.create("east.sdr", Role.SDR, null);
        UserSummary everyoneElse = people.create("other.sdr", Role.SDR, null);
        UUID pool = pool("East China", Map.of(east, 1));
        rule("East China enterprise", Target.POOL, null, pool,
                new RoutingCondition("province", Operator.IN, "上海, 江苏，浙江"),
                new RoutingCondition("companySize", Operator.EQUALS, "1000+"));
        rule("Everyone else", Target.USER, everyoneElse.id(), null);

        UUID shanghaiEnterprise = mql(Map.of("province", "上海", "companySize", "1000+"));
        UUID shanghaiSmall = mql(Map.of("province", "上海", "companySize", "1-49"));
        UUID beijing = mql(Map.of("province", "北京", "companySize", "1000+"));

        assertThat(ownerOf(shanghaiEnterprise)).isEqualTo(east.id());
        assertThat(ownerOf(shanghaiSmall)).isEqualTo(everyoneElse.id());
        assertThat(ownerOf(beijing)).isEqualTo(everyoneElse.id());
        RoutingDecisions.Decision why = decisions.ofLead(shanghaiEnterprise).get(0);
        assertThat(why.outcome()).isEqualTo("ASSIGNED");
        assertThat(why.ruleName()).isEqualTo("East China enterprise");
        assertThat(why.poolId()).isEqualTo(pool);
    }

    @Test
    void aPoolGivesLeadsInProportionToTheMembersWeights() {
        UserSummary senior = people.create("senior.sdr", Role.SDR, null);
        UserSummary junior = people.create("junior.sdr", Role.SDR, null);
        UUID pool = pool("Weighted", Map.of(senior, 2, junior, 1));
        rule("All to the pool", Target.POOL, null, pool);

        List<UUID> owners = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            owners.add(ownerOf(mql(Map.of())));
        }
        Map<UUID, Long> counts = owners.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        assertThat(counts).containsEntry(senior.id(), 6L).containsEntry(junior.id(), 3L);
    }

    @Test
    void peopleOutOfOfficeAtTheirDailyCapOrOverCapacityArePassedOverAndTheLeadWaitsInTheQueue() {
        UserSummary away = people.create("away.sdr", Role.SDR, null);
        UserSummary capped = people.create("capped.sdr", Role.SDR, null);
        UserSummary busy = people.create("busy.sdr", Role.SDR, null);
        transactions.executeWithoutResult(tx -> settings.addAbsence(away.id(), LocalDate.of(2026, 11, 23),
                LocalDate.of(2026, 11, 27), "annual leave", Actor.SYSTEM));
        UUID pool = pool("Limited", Map.of(away, 1, capped, 1, busy, 1));
        transactions.executeWithoutResult(tx -> {
            settings.saveMember(pool, capped.id(), 1, 1, null, Actor.SYSTEM);
            settings.saveMember(pool, busy.id(), 1, null, 1, Actor.SYSTEM);
        });
        UUID alreadyBusy = lead(Map.of());
        transactions.executeWithoutResult(tx -> {
            // claimed in the move's own transaction: routing, which runs after the commit, finds it taken
            stages.move(alreadyBusy, Stage.MQL, "demo request", "test", Actor.SYSTEM);
            handoffs.claim(alreadyBusy, busy.id(), Actor.SYSTEM);
        });
        rule("Limited pool", Target.POOL, null, pool);

        UUID first = mql(Map.of());
        assertThat(ownerOf(first)).isEqualTo(capped.id());
        UUID second = mqlAndWaitForDecision();

        assertThat(leads.find(second).orElseThrow().lead().ownerId()).isNull();
        RoutingDecisions.Decision why = decisions.ofLead(second).get(0);
        assertThat(why.outcome()).isEqualTo("NOBODY_AVAILABLE");
        assertThat(why.skipped()).extracting(s -> s.userId(), s -> s.reason()).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(away.id(), SkipReason.OUT_OF_OFFICE),
                org.assertj.core.groups.Tuple.tuple(capped.id(), SkipReason.DAILY_CAP),
                org.assertj.core.groups.Tuple.tuple(busy.id(), SkipReason.CAPACITY));
    }

    @Test
    void onASaturdayThatIsNoMakeUpWorkdayNobodyIsInAndLeadsWaitForMonday() {
        UserSummary sdr = people.create("weekday.sdr", Role.SDR, null);
        rule("Weekday SDR", Target.USER, sdr.id(), null);
        clock.setTo(at("2026-11-28T10:00"));

        UUID lead = mqlAndWaitForDecision();

        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isNull();
        assertThat(decisions.ofLead(lead).get(0).skipped()).extracting(s -> s.reason())
                .containsExactly(SkipReason.OUTSIDE_WORKING_HOURS);
    }

    @Test
    void theOwnerOfTheAccountGetsTheLeadsOfTheirCompany() {
        UserSummary keyAccountRep = people.create("ka.rep", Role.SALES_REP, null);
        UserSummary fallback = people.create("fallback.sdr", Role.SDR, null);
        rule("Key accounts", Target.ACCOUNT_OWNER, null, null);
        rule("Others", Target.USER, fallback.id(), null);
        String domain = "corp-" + UUID.randomUUID().toString().substring(0, 6) + ".cn";

        UUID first = mql(Map.of("email", "a@" + domain));
        assertThat(ownerOf(first)).isEqualTo(fallback.id());
        UUID account = leads.find(first).orElseThrow().lead().accountId();
        transactions.executeWithoutResult(tx -> accounts.assignOwner(account, keyAccountRep.id(), Actor.SYSTEM));
        UUID second = mql(Map.of("email", "b@" + domain));

        assertThat(ownerOf(second)).isEqualTo(keyAccountRep.id());
        assertThat(decisions.ofLead(second).get(0).ruleName()).isEqualTo("Key accounts");
    }

    @Test
    void theRoutedPersonHearsWhyAndByWhenAndTheirClockRuns() {
        UserSummary sdr = people.create("heard.sdr", Role.SDR, null);
        rule("Hot leads to heard", Target.USER, sdr.id(), null);

        UUID lead = mql(Map.of());
        ownerOf(lead);

        await().atMost(PATIENCE).until(() -> inbox.latest(sdr.id(), 10).stream()
                .anyMatch(n -> n.kind().equals("ASSIGNED_TO_YOU") && n.leadId().equals(lead)));
        Inbox.Notification told = inbox.latest(sdr.id(), 10).get(0);
        assertThat(told.param("why")).isEqualTo("Hot leads to heard");
        assertThat(Instant.parse(told.param("due"))).isEqualTo(at("2026-11-23T12:00"));
        assertThat(slaBoard.ofLead(lead).get(0).assigneeId()).isEqualTo(sdr.id());
        assertThat(texts.text(told, java.util.Locale.ENGLISH)).endsWith("by the rule Hot leads to heard — work it by "
                + ui.dateTime(at("2026-11-23T12:00")) + ".");
        // Without a deadline (no SLA policy applies) the message does not promise one.
        Inbox.Notification withoutDeadline = new Inbox.Notification(told.id(), told.kind(), told.leadId(), told.link(),
                Map.of("lead", "吴磊", "company", "东方钢铁", "why", "Hot leads to heard"), told.createdAt(), null);
        assertThat(texts.text(withoutDeadline, java.util.Locale.ENGLISH))
                .isEqualTo("吴磊 (东方钢铁) was routed to you by the rule Hot leads to heard.");
        assertThat(texts.text(withoutDeadline, java.util.Locale.SIMPLIFIED_CHINESE))
                .isEqualTo("线索 吴磊（东方钢铁）已按规则「Hot leads to heard」分配给你。");
    }

    @Test
    void aLeadTakenBackForNeglectGoesToSomeoneElseInThePool() {
        UserSummary first = people.create("slow.sdr", Role.SDR, null);
        UserSummary second = people.create("quick.sdr", Role.SDR, null);
        UUID pool = pool("Take-back pool", Map.of(first, 1, second, 1));
        rule("Pool with take-back", Target.POOL, null, pool);
        transactions.executeWithoutResult(tx -> slaPolicies.save(new SlaPolicy(SlaKind.MQL_RESPONSE, "*", 60, 0, true,
                true, true), Actor.SYSTEM));

        UUID lead = mql(Map.of());
        UUID neglecter = ownerOf(lead);
        clock.setTo(at("2026-11-23T11:01"));
        timers.fireDue();

        await().atMost(PATIENCE).until(() -> {
            UUID owner = leads.find(lead).orElseThrow().lead().ownerId();
            return owner != null && !owner.equals(neglecter);
        });
        RoutingDecisions.Decision again = decisions.ofLead(lead).get(0);
        assertThat(again.trigger()).isEqualTo(io.tandem.routing.internal.Router.Trigger.TAKEN_BACK);
        assertThat(again.skipped()).extracting(s -> s.userId(), s -> s.reason())
                .contains(org.assertj.core.groups.Tuple.tuple(neglecter, SkipReason.EXCLUDED));
    }

    private UUID pool(String name, Map<UserSummary, Integer> members) {
        UUID pool = transactions.execute(tx -> settings.createPool(name + " " + city, Actor.SYSTEM));
        members.forEach((user, weight) -> transactions.executeWithoutResult(tx -> settings.saveMember(pool, user.id(),
                weight, null, null, Actor.SYSTEM)));
        return pool;
    }

    private void rule(String name, Target target, UUID user, UUID pool, RoutingCondition... conditions) {
        List<RoutingCondition> all = new ArrayList<>(List.of(conditions));
        all.add(new RoutingCondition("city", Operator.EQUALS, city));
        rules.add(transactions.execute(tx -> settings.saveRule(null, name, all, target, user, pool, true,
                Actor.SYSTEM)));
    }

    private UUID mql(Map<String, String> fields) {
        UUID lead = lead(fields);
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.MQL, "demo request", "test", Actor.SYSTEM));
        return lead;
    }

    private UUID mqlAndWaitForDecision() {
        UUID lead = mql(Map.of());
        await().atMost(PATIENCE).until(() -> !decisions.ofLead(lead).isEmpty());
        return lead;
    }

    private UUID lead(Map<String, String> fields) {
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.putIfAbsent("email", "r." + UUID.randomUUID().toString().substring(0, 8) + "@example-route.cn");
        body.put("name", "路由" + UUID.randomUUID().toString().substring(0, 4));
        body.put("city", city);
        return UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads", body).json()
                .get("id").asString());
    }

    private UUID ownerOf(UUID lead) {
        return await().atMost(PATIENCE).until(() -> leads.find(lead).orElseThrow().lead().ownerId(),
                Objects::nonNull);
    }

    static Instant at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime).atZone(SHANGHAI).toInstant();
    }
}
