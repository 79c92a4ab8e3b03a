package io.tandem.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.handoff.Handoffs;
import io.tandem.handoff.Qualification;
import io.tandem.handoff.internal.SdrWork;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.notification.internal.Inbox;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.sla.internal.SlaBoard;
import io.tandem.sla.internal.SlaClockView;
import io.tandem.sla.internal.SlaPolicies;
import io.tandem.sla.internal.SlaPolicy;
import io.tandem.sla.internal.SlaTimers;
import io.tandem.sla.internal.SlaPoliciesAccess;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;

/**
 * SLA clocks on the default calendar (mainland China: 09:00–12:00 and 13:00–18:00, 2026 holidays), driven by a clock
 * the test moves and fired by hand as the scheduler would.
 */
@IntegrationTest
class SlaClockTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    SlaTimers timers;
    @Autowired
    SlaBoard board;
    @Autowired
    SlaPolicies policies;
    @Autowired
    LeadStages stages;
    @Autowired
    LeadDirectory leads;
    @Autowired
    Handoffs handoffs;
    @Autowired
    SdrWork sdrWork;
    @Autowired
    Inbox inbox;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void realTime() {
        clock.followRealTime();
        transactions.executeWithoutResult(tx -> policies.save(new SlaPolicy(SlaKind.MQL_RESPONSE, "*", 120, 30, true,
                false, true), Actor.SYSTEM));
        transactions.executeWithoutResult(tx -> policies.save(new SlaPolicy(SlaKind.FOLLOW_UP, "*", 2400, 480, true,
                false, true), Actor.SYSTEM));
    }

    static Instant at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime).atZone(SHANGHAI).toInstant();
    }

    @Test
    void anMqlNotWorkedInTwoWorkingHoursRemindsTheSdrThenEscalatesToTheManagerOnce() {
        Team team = team();
        clock.setTo(at("2026-11-23T10:15"));
        UUID lead = mql();
        claim(lead, team.sdr());

        SlaClockView running = only(lead, SlaKind.MQL_RESPONSE);
        assertThat(running.assigneeId()).isEqualTo(team.sdr().id());
        assertThat(running.dueAt()).isEqualTo(at("2026-11-23T13:15"));  // lunch does not count
        assertThat(running.remindAt()).isEqualTo(at("2026-11-23T11:45"));  // 90 of the 120 minutes

        clock.setTo(at("2026-11-23T11:44"));
        timers.fireDue();
        assertThat(kinds(team.sdr())).doesNotContain("SLA_REMINDER");

        clock.setTo(at("2026-11-23T11:46"));
        timers.fireDue();
        timers.fireDue();
        await().atMost(PATIENCE).until(() -> kinds(team.sdr()).contains("SLA_REMINDER"));

        clock.setTo(at("2026-11-23T13:16"));
        timers.fireDue();
        timers.fireDue();
        await().atMost(PATIENCE).until(() -> kinds(team.manager()).contains("SLA_ESCALATED")
                && kinds(team.sdr()).contains("SLA_BREACHED"));
        clock.setTo(at("2026-11-24T13:16"));
        timers.fireDue();

        assertThat(kinds(team.sdr())).containsOnlyOnce("SLA_REMINDER", "SLA_BREACHED");
        assertThat(kinds(team.manager())).containsOnlyOnce("SLA_ESCALATED");
        assertThat(publications("SlaReminderDue", lead)).isEqualTo(1);
        assertThat(publications("SlaBreached", lead)).isEqualTo(1);
        SlaClockView breached = only(lead, SlaKind.MQL_RESPONSE);
        assertThat(breached.state(clock.instant())).isEqualTo(SlaClockView.State.BREACHED);
        assertThat(breached.escalatedTo()).isEqualTo(team.manager().id());
    }

    @Test
    void aLoggedCallBeforeTheDeadlineMeetsTheClockAndNothingFiresAfterwards() throws Exception {
        Team team = team();
        clock.setTo(at("2026-11-23T16:30"));
        UUID lead = mql();
        claim(lead, team.sdr());
        clock.setTo(at("2026-11-24T09:20"));  // 1 h 30 min + 20 min of working time later
        sdrWork.logCall(lead, team.sdr().id(), io.tandem.handoff.Disposition.NO_ANSWER, "voicemail", null,
                Actor.SYSTEM);

        SlaClockView met = only(lead, SlaKind.MQL_RESPONSE);
        assertThat(met.state(clock.instant())).isEqualTo(SlaClockView.State.MET);
        assertThat(met.businessSeconds()).isEqualTo(Duration.ofMinutes(110).toSeconds());
        clock.setTo(at("2026-11-25T09:00"));
        timers.fireDue();
        assertThat(publications("SlaBreached", lead)).isZero();
    }

    @Test
    void aDeadlineOverTheNationalDayHolidayFallsOnTheFirstWorkingMorningAfterIt() {
        Team team = team();
        clock.setTo(at("2026-09-30T17:00"));
        UUID lead = mql();
        claim(lead, team.sdr());
        assertThat(only(lead, SlaKind.MQL_RESPONSE).dueAt()).isEqualTo(at("2026-10-08T10:00"));

        clock.setTo(at("2026-10-06T12:00"));  // a week later in the calendar, still within the holiday
        timers.fireDue();
        assertThat(only(lead, SlaKind.MQL_RESPONSE).remindedAt()).isNull();
    }

    @Test
    void aMakeUpSaturdayIsAWorkingDayForTheClock() {
        Team team = team();
        clock.setTo(at("2026-10-09T17:30"));  // Friday; Saturday 10 October is a make-up workday (调休)
        UUID lead = mql();
        claim(lead, team.sdr());
        assertThat(only(lead, SlaKind.MQL_RESPONSE).dueAt()).isEqualTo(at("2026-10-10T10:30"));
    }

    @Test
    void whenThePolicySaysSoANeglectedMqlIsTakenBackToTheQueue() {
        Team team = team();
        transactions.executeWithoutResult(tx -> policies.save(new SlaPolicy(SlaKind.MQL_RESPONSE, "*", 60, 0, true,
                true, true), Actor.SYSTEM));
        clock.setTo(at("2026-11-23T09:00"));
        UUID lead = mql();
        claim(lead, team.sdr());
        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isEqualTo(team.sdr().id());

        clock.setTo(at("2026-11-23T10:01"));
        timers.fireDue();

        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isNull();
        assertThat(leads.find(lead).orElseThrow().lead().stage()).isEqualTo(Stage.MQL);
        assertThat(only(lead, SlaKind.MQL_RESPONSE).takenBack()).isTrue();
        await().atMost(PATIENCE).until(() -> kinds(team.sdr()).contains("SLA_TAKEN_BACK"));
    }

    @Test
    void aTransferStartsTheRepsClockAndAcceptanceStartsTheFirstContactClock() throws Exception {
        Team team = team();
        UserSummary rep = new People(users, transactions).create("he.rep", Role.SALES_REP, team.id());
        clock.setTo(at("2026-11-23T09:00"));
        UUID lead = mql();
        claim(lead, team.sdr());
        clock.setTo(at("2026-11-23T10:00"));
        UUID handoff = transactions.execute(tx -> {
            handoffs.saveQualification(lead, new Qualification("¥500k", "CIO", "MES", "Q1", Map.of()), Actor.SYSTEM);
            return handoffs.transfer(lead, team.sdr().id(), rep.id(), "hot", Actor.SYSTEM);
        });

        assertThat(only(lead, SlaKind.MQL_RESPONSE).state(clock.instant())).isEqualTo(SlaClockView.State.MET);
        SlaClockView answer = only(lead, SlaKind.TRANSFER_ANSWER);
        assertThat(answer.assigneeId()).isEqualTo(rep.id());
        // 24 working hours = three working days: Monday 10:00 → Thursday 10:00.
        assertThat(answer.dueAt()).isEqualTo(at("2026-11-26T10:00"));

        clock.setTo(at("2026-11-24T10:00"));
        transactions.executeWithoutResult(tx -> handoffs.accept(handoff, rep.id(), Actor.SYSTEM));
        SlaClockView accepted = only(lead, SlaKind.TRANSFER_ANSWER);
        assertThat(accepted.state(clock.instant())).isEqualTo(SlaClockView.State.MET);
        assertThat(accepted.businessSeconds()).isEqualTo(Duration.ofHours(8).toSeconds());
        SlaClockView firstContact = only(lead, SlaKind.FIRST_CONTACT);
        assertThat(firstContact.assigneeId()).isEqualTo(rep.id());
        assertThat(firstContact.dueAt()).isEqualTo(at("2026-11-25T10:00"));

        clock.setTo(at("2026-11-24T15:00"));
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.SQL, "budget confirmed", "test", Actor.SYSTEM));
        assertThat(only(lead, SlaKind.FIRST_CONTACT).state(clock.instant())).isEqualTo(SlaClockView.State.MET);
    }

    @Test
    void eachFollowUpARepLogsStartsTheNextClockAndANeglectedLeadGoesToThePublicPool() throws Exception {
        Team team = team();
        UserSummary rep = new People(users, transactions).create("zeng.rep", Role.SALES_REP, team.id());
        transactions.executeWithoutResult(tx -> policies.save(new SlaPolicy(SlaKind.FOLLOW_UP, "*", 2400, 480, true,
                true, true), Actor.SYSTEM));
        clock.setTo(at("2026-11-23T09:00"));
        UUID lead = mql();
        claim(lead, team.sdr());
        UUID handoff = transactions.execute(tx -> {
            handoffs.saveQualification(lead, new Qualification("¥300k", "COO", "WMS", "Q1", Map.of()), Actor.SYSTEM);
            return handoffs.transfer(lead, team.sdr().id(), rep.id(), "warm", Actor.SYSTEM);
        });
        transactions.executeWithoutResult(tx -> handoffs.accept(handoff, rep.id(), Actor.SYSTEM));
        io.tandem.support.WebSession session = new People(users, transactions).session(port, rep);
        assertThat(session.get("/leads/" + lead + "/handoffs").body()).contains("/leads/" + lead + "/contacts");

        clock.setTo(at("2026-11-23T10:00"));
        session.post("/leads/" + lead + "/contacts", Map.of("notes", "Called, demo booked for Thursday"));
        assertThat(only(lead, SlaKind.FIRST_CONTACT).state(clock.instant())).isEqualTo(SlaClockView.State.MET);
        // five working days of eight hours: Monday 10:00 → next Monday 10:00
        assertThat(only(lead, SlaKind.FOLLOW_UP).dueAt()).isEqualTo(at("2026-11-30T10:00"));

        clock.setTo(at("2026-11-24T10:00"));
        session.post("/leads/" + lead + "/contacts", Map.of("notes", "Sent the proposal"));
        List<SlaClockView> followUps = board.ofLead(lead).stream().filter(c -> c.kind() == SlaKind.FOLLOW_UP).toList();
        assertThat(followUps).hasSize(2);
        assertThat(followUps).filteredOn(SlaClockView::running).singleElement()
                .extracting(SlaClockView::dueAt).isEqualTo(at("2026-12-01T10:00"));

        clock.setTo(at("2026-12-01T10:01"));
        timers.fireDue();
        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isNull();
        assertThat(leads.find(lead).orElseThrow().lead().stage()).isEqualTo(Stage.SAL);
    }

    @Test
    void aClockIsWrittenWithTheChangeThatStartsItOrNotAtAll() {
        clock.setTo(at("2026-11-23T09:00"));
        UUID lead = lead();
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            stages.move(lead, Stage.MQL, "demo request", "test", Actor.SYSTEM);
            throw new IllegalStateException("the change fails after the move");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(board.ofLead(lead)).isEmpty();
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.MQL, "demo request", "test", Actor.SYSTEM));
        assertThat(board.ofLead(lead)).hasSize(1);
    }

    @Test
    void aStricterPolicyForGradeALeadsWinsOverTheOneForAll() {
        List<SlaPolicy> all = List.of(new SlaPolicy(SlaKind.MQL_RESPONSE, "*", 120, 30, true, false, true),
                new SlaPolicy(SlaKind.MQL_RESPONSE, "grade:A", 30, 10, true, false, true),
                new SlaPolicy(SlaKind.MQL_RESPONSE, "grade:B", 60, 10, true, false, false));
        assertThat(SlaPoliciesAccess.forLead(all, SlaKind.MQL_RESPONSE, "A")).map(SlaPolicy::targetMinutes).contains(30);
        assertThat(SlaPoliciesAccess.forLead(all, SlaKind.MQL_RESPONSE, "B")).map(SlaPolicy::targetMinutes).contains(120);
        assertThat(SlaPoliciesAccess.forLead(all, SlaKind.MQL_RESPONSE, null)).map(SlaPolicy::targetMinutes).contains(120);
        assertThat(SlaPoliciesAccess.forLead(all, SlaKind.FIRST_CONTACT, "A")).isEmpty();
    }

    @Test
    void aPolicyThatRemindsAfterItsDeadlineIsRefused() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> policies.save(new SlaPolicy(
                SlaKind.MQL_RESPONSE, "*", 60, 60, true, false, true), Actor.SYSTEM)))
                .isInstanceOfSatisfying(io.tandem.shared.BadInputException.class, e -> assertThat(e.problems())
                        .extracting(io.tandem.shared.BadInputException.FieldProblem::field)
                        .containsExactly("remindBeforeMinutes"));
        assertThat(policies.find(SlaKind.MQL_RESPONSE, "*").orElseThrow().targetMinutes()).isEqualTo(120);
    }

    record Team(UUID id, UserSummary manager, UserSummary sdr) {
    }

    private Team team() {
        People people = new People(users, transactions);
        UUID team = people.team("SDR team");
        UserSummary manager = people.create("lin.manager", Role.SALES_MANAGER, team);
        UserSummary sdr = people.create("ma.sdr", Role.SDR, team);
        transactions.executeWithoutResult(tx -> users.updateTeam(team, "SDR team " + team, manager.id(),
                Actor.SYSTEM));
        return new Team(team, manager, sdr);
    }

    private UUID lead() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        return UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("name", "周婷" + tag, "email", "zhou." + tag + "@qiming-auto.cn", "company", "启明汽车"))
                .json().get("id").asString());
    }

    private UUID mql() {
        UUID lead = lead();
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.MQL, "demo request", "test", Actor.SYSTEM));
        return lead;
    }

    private void claim(UUID lead, UserSummary sdr) {
        transactions.executeWithoutResult(tx -> handoffs.claim(lead, sdr.id(), Actor.SYSTEM));
    }

    private SlaClockView only(UUID lead, SlaKind kind) {
        List<SlaClockView> clocks = board.ofLead(lead).stream().filter(c -> c.kind() == kind).toList();
        assertThat(clocks).hasSize(1);
        return clocks.get(0);
    }

    private List<String> kinds(UserSummary user) {
        return inbox.latest(user.id(), 50).stream().map(Inbox.Notification::kind).toList();
    }

    private long publications(String eventType, UUID lead) {
        return jdbc.sql("select count(*) from event_publication where event_type like :type and serialized_event like :lead")
                .param("type", "%." + eventType).param("lead", "%" + lead + "%").query(Long.class).single();
    }
}
