package io.tandem.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.handoff.Handoffs;
import io.tandem.handoff.Qualification;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.routing.internal.PublicPool;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.sla.SlaKind;
import io.tandem.sla.internal.SlaPolicies;
import io.tandem.sla.internal.SlaPolicy;
import io.tandem.sla.internal.SlaTimers;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;
import io.tandem.support.WebSession;

/** The public pool (公海): sales leads nobody owns, claimed by reps within limits. */
@IntegrationTest
class PublicPoolTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    PublicPool pool;
    @Autowired
    SlaPolicies slaPolicies;
    @Autowired
    SlaTimers timers;
    @Autowired
    LeadStages stages;
    @Autowired
    LeadDirectory leads;
    @Autowired
    Handoffs handoffs;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;

    People people;
    UserSummary sdr;

    @BeforeEach
    void setUp() {
        people = new People(users, transactions);
        sdr = people.create("pool.sdr", Role.SDR, null);
        clock.setTo(at("2026-11-23T09:00"));
    }

    @AfterEach
    void restore() {
        transactions.executeWithoutResult(tx -> slaPolicies.save(new SlaPolicy(SlaKind.FIRST_CONTACT, "*", 480, 120,
                true, false, true), Actor.SYSTEM));
        clock.followRealTime();
    }

    @Test
    void anAcceptedLeadNobodyContactedInTimeGoesToThePublicPoolWhereAnotherRepClaimsIt() {
        transactions.executeWithoutResult(tx -> slaPolicies.save(new SlaPolicy(SlaKind.FIRST_CONTACT, "*", 480, 120,
                true, true, true), Actor.SYSTEM));
        UserSummary slow = people.create("slow.rep", Role.SALES_REP, null);
        UserSummary keen = people.create("keen.rep", Role.SALES_REP, null);
        UUID lead = acceptedBy(slow);
        WebSession keenSession = people.session(port, keen);
        assertThat(keenSession.get("/leads/" + lead).status()).isEqualTo(404);

        clock.setTo(at("2026-11-24T09:01"));  // 8 working hours after acceptance on Monday 09:00
        timers.fireDue();

        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isNull();
        assertThat(leads.find(lead).orElseThrow().lead().stage()).isEqualTo(Stage.SAL);
        assertThat(keenSession.get("/public-pool").body()).contains(lead.toString());
        assertThat(keenSession.get("/leads/" + lead).status()).isEqualTo(200);
        keenSession.post("/public-pool/" + lead + "/claim", Map.of());
        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isEqualTo(keen.id());
    }

    @Test
    void aRepMayReclaimALeadTheyGaveUpOnlyAfterTheCoolDown() {
        UserSummary rep = people.create("fickle.rep", Role.SALES_REP, null);
        UUID lead = acceptedBy(rep);
        transactions.executeWithoutResult(tx -> pool.giveUp(lead, rep.id(), "wrong territory", Actor.SYSTEM));
        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isNull();

        clock.advance(Duration.ofDays(6));
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> pool.claim(lead, rep.id(), Actor.SYSTEM)))
                .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.problems().get(0).code())
                        .isEqualTo("publicPool.coolDown"));
        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isNull();

        clock.advance(Duration.ofDays(1));
        transactions.executeWithoutResult(tx -> pool.claim(lead, rep.id(), Actor.SYSTEM));
        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isEqualTo(rep.id());
    }

    @Test
    void aRepClaimsAtMostFiveLeadsADayFromThePublicPool() {
        UserSummary giver = people.create("giver.rep", Role.SALES_REP, null);
        UserSummary taker = people.create("taker.rep", Role.SALES_REP, null);
        List<UUID> released = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID lead = acceptedBy(giver);
            transactions.executeWithoutResult(tx -> pool.giveUp(lead, giver.id(), null, Actor.SYSTEM));
            released.add(lead);
        }
        for (int i = 0; i < 5; i++) {
            UUID lead = released.get(i);
            transactions.executeWithoutResult(tx -> pool.claim(lead, taker.id(), Actor.SYSTEM));
        }
        assertThat(pool.claimsLeftToday(taker.id())).isZero();
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> pool.claim(released.get(5), taker.id(),
                Actor.SYSTEM))).isInstanceOfSatisfying(BadInputException.class,
                        e -> assertThat(e.problems().get(0).code()).isEqualTo("publicPool.limit"));

        clock.advance(Duration.ofDays(1));
        transactions.executeWithoutResult(tx -> pool.claim(released.get(5), taker.id(), Actor.SYSTEM));
        assertThat(leads.find(released.get(5)).orElseThrow().lead().ownerId()).isEqualTo(taker.id());
    }

    @Test
    void onlyASalesLeadSomebodyOwnsCanBeGivenUp() {
        UserSummary rep = people.create("owner.rep", Role.SALES_REP, null);
        UUID mql = mql();
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> pool.giveUp(mql, rep.id(), null,
                Actor.SYSTEM))).isInstanceOf(BadInputException.class);
        assertThat(leads.find(mql).orElseThrow().lead().stage()).isEqualTo(Stage.MQL);
    }

    private UUID acceptedBy(UserSummary rep) {
        UUID lead = mql();
        transactions.executeWithoutResult(tx -> {
            handoffs.claim(lead, sdr.id(), Actor.SYSTEM);
            handoffs.saveQualification(lead, new Qualification("ok", "ok", "ok", "ok", Map.of()), Actor.SYSTEM);
        });
        UUID handoff = transactions.execute(tx -> handoffs.transfer(lead, sdr.id(), rep.id(), "notes", Actor.SYSTEM));
        transactions.executeWithoutResult(tx -> handoffs.accept(handoff, rep.id(), Actor.SYSTEM));
        return lead;
    }

    private UUID mql() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID lead = UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("name", "公海" + tag, "email", "pool." + tag + "@hengtai-chem.cn", "company", "恒泰化工"))
                .json().get("id").asString());
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.MQL, "demo request", "test", Actor.SYSTEM));
        return lead;
    }

    static Instant at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime).atZone(SHANGHAI).toInstant();
    }
}
