package io.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.handoff.Qualification;
import io.tandem.handoff.internal.SdrWork;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.opportunity.internal.OpportunityAccess;
import io.tandem.opportunity.internal.OpportunityService;
import io.tandem.security.internal.ApiTokenService;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.People;
import io.tandem.support.WebSession;

/**
 * Role × object × action: every person tries to read, update, delete and export every record of both pools, through
 * the pages and the API, and only the cells marked allowed may succeed. Updates are probed with a request that passes
 * authorisation but is refused by the stage model (400), so the records stay as they are for the next probe;
 * allowed deletions are checked by the policy instead of executed, denied ones through the real endpoints.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorisationMatrixTests {

    enum Person { ADMIN, MARKETING, EXECUTIVE, SDR_A, SDR_B, REP_A1, REP_A2, MANAGER_A, REP_B }

    enum Record { POOL_LEAD, MQL_OF_SDR_A, TRANSFER_PENDING_TO_REP_A1, SAL_OF_REP_A1, SAL_OF_REP_B, OPPORTUNITY_OF_REP_A1, OPPORTUNITY_OF_REP_B }

    enum Action { READ, UPDATE, DELETE, EXPORT }

    static final Set<Record> LEADS = EnumSet.range(Record.POOL_LEAD, Record.SAL_OF_REP_B);

    /** The policy, written down once: who may do what. Everything not listed must be refused. */
    static final Map<Person, Map<Record, Set<Action>>> ALLOWED = new LinkedHashMap<>();

    static {
        Set<Action> all = EnumSet.allOf(Action.class);
        Set<Action> read = EnumSet.of(Action.READ);
        Set<Action> readExport = EnumSet.of(Action.READ, Action.EXPORT);
        Set<Action> readUpdate = EnumSet.of(Action.READ, Action.UPDATE);
        ALLOWED.put(Person.ADMIN, everything(all));
        ALLOWED.put(Person.MARKETING, Map.of(Record.POOL_LEAD, all, Record.MQL_OF_SDR_A, all,
                Record.TRANSFER_PENDING_TO_REP_A1, readExport, Record.SAL_OF_REP_A1, readExport,
                Record.SAL_OF_REP_B, readExport, Record.OPPORTUNITY_OF_REP_A1, readExport,
                Record.OPPORTUNITY_OF_REP_B, readExport));
        ALLOWED.put(Person.EXECUTIVE, everything(readExport));
        ALLOWED.put(Person.SDR_A, Map.of(Record.POOL_LEAD, readUpdate, Record.MQL_OF_SDR_A, readUpdate,
                Record.TRANSFER_PENDING_TO_REP_A1, read, Record.SAL_OF_REP_A1, read));
        ALLOWED.put(Person.SDR_B, Map.of(Record.POOL_LEAD, readUpdate, Record.MQL_OF_SDR_A, read,
                Record.TRANSFER_PENDING_TO_REP_A1, read, Record.SAL_OF_REP_B, read));
        ALLOWED.put(Person.REP_A1, Map.of(Record.TRANSFER_PENDING_TO_REP_A1, read, Record.SAL_OF_REP_A1, readUpdate,
                Record.OPPORTUNITY_OF_REP_A1, readUpdate));
        ALLOWED.put(Person.REP_A2, Map.of());
        ALLOWED.put(Person.MANAGER_A, Map.of(Record.TRANSFER_PENDING_TO_REP_A1, read,
                Record.SAL_OF_REP_A1, readUpdate, Record.OPPORTUNITY_OF_REP_A1, EnumSet.of(Action.READ,
                        Action.UPDATE, Action.EXPORT)));
        ALLOWED.put(Person.REP_B, Map.of(Record.SAL_OF_REP_B, readUpdate, Record.OPPORTUNITY_OF_REP_B, readUpdate));
    }

    private static Map<Record, Set<Action>> everything(Set<Action> actions) {
        Map<Record, Set<Action>> map = new LinkedHashMap<>();
        for (Record record : Record.values()) {
            map.put(record, actions);
        }
        return map;
    }

    @LocalServerPort
    int port;
    @Autowired
    UserManagement userManagement;
    @Autowired
    UserDirectory directory;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    LeadStages stages;
    @Autowired
    LeadDirectory leads;
    @Autowired
    LeadAccess leadAccess;
    @Autowired
    OpportunityAccess opportunityAccess;
    @Autowired
    SdrWork sdrWork;
    @Autowired
    OpportunityService opportunities;

    final Map<Person, UserSummary> people = new LinkedHashMap<>();
    final Map<Record, UUID> ids = new LinkedHashMap<>();
    final Map<Record, String> emails = new LinkedHashMap<>();
    final Map<Person, WebSession> sessions = new LinkedHashMap<>();
    final Map<Person, Api> apis = new LinkedHashMap<>();

    @BeforeAll
    void twoPoolsFullOfRecords() {
        People factory = new People(userManagement, transactions);
        UUID teamA = factory.team("Sales East");
        UUID teamB = factory.team("Sales West");
        people.put(Person.ADMIN, factory.create("matrix.admin", Role.ADMIN, null));
        people.put(Person.MARKETING, factory.create("matrix.marketing", Role.MARKETING, null));
        people.put(Person.EXECUTIVE, factory.create("matrix.cgo", Role.EXECUTIVE, null));
        people.put(Person.SDR_A, factory.create("matrix.sdr.a", Role.SDR, null));
        people.put(Person.SDR_B, factory.create("matrix.sdr.b", Role.SDR, null));
        people.put(Person.REP_A1, factory.create("matrix.rep.a1", Role.SALES_REP, teamA));
        people.put(Person.REP_A2, factory.create("matrix.rep.a2", Role.SALES_REP, teamA));
        people.put(Person.MANAGER_A, factory.create("matrix.manager.a", Role.SALES_MANAGER, teamA));
        people.put(Person.REP_B, factory.create("matrix.rep.b", Role.SALES_REP, teamB));

        Api machine = Api.at(port).asAdminWithScopes("leads:write", "read");
        for (Record record : Record.values()) {
            String email = "matrix." + record.name().toLowerCase() + "." + UUID.randomUUID().toString()
                    .substring(0, 6) + "@matrix-corp.cn";
            emails.put(record, email);
            ids.put(record, UUID.fromString(machine.post("/api/v1/leads", Map.of("email", email, "name",
                    record.name(), "company", "Matrix Corp")).json().get("id").asString()));
        }
        Actor system = Actor.SYSTEM;
        transactions.executeWithoutResult(tx -> {
            for (Record record : Record.values()) {
                if (record != Record.POOL_LEAD) {
                    stages.move(ids.get(record), Stage.MQL, "matrix", "test", system);
                }
            }
            sdrWork.claim(ids.get(Record.MQL_OF_SDR_A), people.get(Person.SDR_A).id(), system);
        });
        handOver(Record.TRANSFER_PENDING_TO_REP_A1, Person.SDR_A, Person.REP_A1, false);
        handOver(Record.SAL_OF_REP_A1, Person.SDR_A, Person.REP_A1, true);
        handOver(Record.SAL_OF_REP_B, Person.SDR_B, Person.REP_B, true);
        handOver(Record.OPPORTUNITY_OF_REP_A1, Person.SDR_A, Person.REP_A1, true);
        handOver(Record.OPPORTUNITY_OF_REP_B, Person.SDR_B, Person.REP_B, true);
        for (Record record : List.of(Record.OPPORTUNITY_OF_REP_A1, Record.OPPORTUNITY_OF_REP_B)) {
            UUID lead = ids.get(record);
            UUID opportunity = transactions.execute(tx -> {
                stages.move(lead, Stage.SQL, "qualified", "test", system);
                return opportunities.convert(lead, new io.tandem.opportunity.OpportunityTerms(record.name(), new BigDecimal("1000"), "CNY",
                        LocalDate.of(2027, 3, 31), null), system);
            });
            ids.put(record, opportunity);
        }
        people.forEach((person, user) -> {
            sessions.put(person, WebSession.signedIn(port, user.username(), People.PASSWORD));
            apis.put(person, Api.at(port).withToken(transactions.execute(tx -> tokens.issue(user.id(), "matrix",
                    EnumSet.of(TokenScope.READ, TokenScope.LEADS_WRITE), Actor.SYSTEM)).token()));
        });
    }

    private void handOver(Record record, Person sdr, Person rep, boolean accept) {
        UUID lead = ids.get(record);
        UUID sdrId = people.get(sdr).id();
        UUID repId = people.get(rep).id();
        transactions.executeWithoutResult(tx -> {
            sdrWork.claim(lead, sdrId, Actor.SYSTEM);
            sdrWork.saveQualification(lead, new Qualification("yes", "CIO", "MES", "Q2", Map.of()), Actor.SYSTEM);
            UUID handoff = sdrWork.transfer(lead, sdrId, repId, "notes", Actor.SYSTEM);
            if (accept) {
                sdrWork.accept(handoff, repId, Actor.SYSTEM);
            }
        });
    }

    @Test
    void nobodyReachesARecordTheMatrixDoesNotAllowThemAndEveryAllowedCellWorks() {
        List<String> unauthorisedSuccesses = new ArrayList<>();
        List<String> wronglyRefused = new ArrayList<>();
        int probes = 0;
        for (Person person : Person.values()) {
            for (Record record : Record.values()) {
                for (Action action : Action.values()) {
                    boolean allowed = ALLOWED.get(person).getOrDefault(record, Set.of()).contains(action);
                    for (Probe probe : probes(person, record, action)) {
                        probes++;
                        boolean succeeded = probe.succeeded();
                        String cell = person + " × " + record + " × " + action + " via " + probe.name();
                        if (succeeded && !allowed) {
                            unauthorisedSuccesses.add(cell);
                        } else if (!succeeded && allowed) {
                            wronglyRefused.add(cell);
                        }
                    }
                }
            }
        }
        assertThat(unauthorisedSuccesses).as("unauthorised successes").isEmpty();
        assertThat(wronglyRefused).as("allowed but refused").isEmpty();
        assertThat(probes).isGreaterThan(Person.values().length * Record.values().length * Action.values().length);
        assertThat(leads.find(ids.get(Record.SAL_OF_REP_B)).orElseThrow().lead().stage())
                .as("no probe changed a record").isEqualTo(Stage.SAL);
    }

    record Probe(String name, java.util.function.BooleanSupplier outcome) {
        boolean succeeded() {
            return outcome.getAsBoolean();
        }
    }

    private List<Probe> probes(Person person, Record record, Action action) {
        WebSession web = sessions.get(person);
        Api api = apis.get(person);
        UUID id = ids.get(record);
        UserSummary user = people.get(person);
        TandemPrincipal principal = new TandemPrincipal(user.id(), user.username(), user.displayName(), user.roles(),
                user.teamId(), null);
        if (LEADS.contains(record)) {
            String lead = "/leads/" + id;
            return switch (action) {
                case READ -> List.of(
                        new Probe("page", () -> web.get(lead).status() == 200),
                        new Probe("timeline", () -> web.get(lead + "/timeline").status() == 200),
                        new Probe("score", () -> web.get(lead + "/score").status() == 200),
                        new Probe("handoff panel", () -> web.get(lead + "/handoffs").status() == 200),
                        new Probe("sla panel", () -> web.get(lead + "/sla").status() == 200),
                        new Probe("pool list", () -> web.get("/leads?q=" + emails.get(record)).body()
                                .contains(lead + "\"")),
                        new Probe("api", () -> api.get("/api/v1" + lead).status() == 200),
                        new Probe("api list", () -> api.get("/api/v1/leads?q=" + emails.get(record)).body()
                                .contains(id.toString())));
                case UPDATE -> List.of(
                        new Probe("stage form", () -> {
                            web.get("/notifications");
                            return web.post(lead + "/stage", Map.of("stage", "NO_SUCH_STAGE")).status() == 400;
                        }),
                        new Probe("api stage", () -> api.post("/api/v1" + lead + "/stage",
                                Map.of("stage", "NO_SUCH_STAGE")).status() == 400));
                case DELETE -> {
                    boolean policy = leadAccess.may(principal, id, LeadAction.DELETE);
                    if (policy) {
                        yield List.of(new Probe("policy", () -> true));
                    }
                    yield List.of(new Probe("delete form", () -> {
                        web.get("/notifications");
                        int status = web.post(lead + "/delete", Map.of()).status();
                        return status != 403 && status != 404 || leads.find(id).isEmpty();
                    }));
                }
                case EXPORT -> List.of(new Probe("csv export", () -> {
                    WebSession.Page page = web.get("/leads/export?format=csv&q=" + emails.get(record));
                    return page.status() == 200 && page.body().contains(emails.get(record));
                }));
            };
        }
        String opportunity = "/opportunities/" + id;
        return switch (action) {
            case READ -> List.of(
                    new Probe("page", () -> web.get(opportunity).status() == 200),
                    new Probe("list", () -> web.get("/opportunities?show=all").body().contains(opportunity + "\"")),
                    new Probe("api", () -> api.get("/api/v1" + opportunity).status() == 200));
            case UPDATE -> List.of(new Probe("stage form", () -> {
                web.get("/notifications");
                // The form answers a refused stage with a redirect and a message; a refused person gets 403/404.
                return web.post(opportunity + "/stage", Map.of("stage", "NO_SUCH_STAGE")).status() == 302;
            }));
            case DELETE -> {
                if (opportunityAccess.may(principal, id, LeadAction.DELETE)) {
                    yield List.of(new Probe("policy", () -> true));
                }
                yield List.of(new Probe("delete form", () -> {
                    web.get("/notifications");
                    int status = web.post(opportunity + "/delete", Map.of()).status();
                    return status != 403 && status != 404;
                }));
            }
            case EXPORT -> List.of(new Probe("csv export", () -> {
                WebSession.Page page = web.get("/opportunities/export");
                return page.status() == 200 && page.body().contains(id.toString());
            }));
        };
    }
}
