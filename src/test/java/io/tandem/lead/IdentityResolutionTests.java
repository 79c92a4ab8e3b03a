package io.tandem.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.activity.ActivityRecorder;
import io.tandem.activity.NewActivity;
import io.tandem.campaign.CampaignCatalog;
import io.tandem.campaign.CampaignDetails;
import io.tandem.campaign.CampaignManagement;
import io.tandem.campaign.CampaignType;
import io.tandem.campaign.MemberStatus;
import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.lead.internal.LeadCommands;
import io.tandem.shared.Actor;
import io.tandem.shared.db.Transactions;
import io.tandem.support.IntegrationTest;

@IntegrationTest
class IdentityResolutionTests {

    static final Actor TESTER = new Actor(null, "tester", "127.0.0.1");

    @Autowired
    LeadCapture capture;
    @Autowired
    LeadDirectory leads;
    @Autowired
    LeadCommands commands;
    @Autowired
    ActivityRecorder activities;
    @Autowired
    LeadIntake intake;
    @Autowired
    CampaignManagement campaigns;
    @Autowired
    CampaignCatalog catalog;
    @Autowired
    io.tandem.lead.CustomFieldCatalog customFields;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    static String unique(String local, String domain) {
        return local + "." + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    }

    static String mobile() {
        return "+86136" + String.format("%08d", (long) (Math.random() * 100_000_000L));
    }

    IntakeResult.Item capture(LeadData data) {
        return capture(data, null);
    }

    IntakeResult.Item capture(LeadData data, MemberStatus status) {
        return Transactions.retryingOnConflict(transactions, () -> capture.capture(
                List.of(new CaptureItem(data, status)), CaptureContext.of(CaptureChannel.API, TESTER))).items().get(0);
    }

    /** A page view by a visitor known only by their visitor id, and the anonymous lead it made. */
    UUID anonymousVisitorOnThePricingPage(String visitor) {
        transactions.executeWithoutResult(tx -> activities.record(List.of(new NewActivity(null, "PAGE_VIEW",
                Instant.now(), new PersonRef(null, null, null, visitor), null, Map.of("url", "/pricing"))),
                TESTER, "web"));
        return jdbc.sql("select lead_id from lead_identity where kind = 'ANON' and value = :v").param("v", visitor)
                .query(UUID.class).single();
    }

    UUID campaign(String name) {
        return transactions.execute(tx -> campaigns.planCampaign(new CampaignDetails(name, CampaignType.WEBINAR, null,
                null, null, null, null, null, null, null, null, false, null, null), TESTER)).id();
    }

    @RepeatedTest(5)
    void concurrentCapturesOfOnePersonMakeOneLead() throws Exception {
        String email = unique("race", "example-corp.cn");
        String phone = mobile();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<UUID>> captures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            captures.add(() -> capture(LeadData.builder().email(n % 2 == 0 ? email : null).phone(phone)
                    .title("title " + n).build()).leadId());
        }
        List<UUID> ids = new ArrayList<>();
        for (Future<UUID> future : pool.invokeAll(captures)) {
            ids.add(future.get());
        }
        pool.shutdown();

        assertThat(ids).containsOnly(ids.get(0));
        assertThat(jdbc.sql("select count(*) from lead where phone = :p").param("p", phone).query(Long.class)
                .single()).isEqualTo(1L);
        assertThat(jdbc.sql("select count(distinct lead_id) from lead_identity where value in (:e, :p)")
                .param("e", email).param("p", phone).query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void onlyPeopleWhoseIdentitiesAllBelongToOneLeadAreKnownAndTheOthersResolveToTheLeadsOneCallWouldGive() {
        String known = unique("known", "example-corp.cn");
        UUID knownLead = capture(LeadData.builder().email(known).build()).leadId();
        String partly = unique("partly", "example-corp.cn");
        UUID partlyKnown = capture(LeadData.builder().email(partly).build()).leadId();
        UUID mergedAway = capture(LeadData.builder().email(unique("merged", "example-corp.cn")).build()).leadId();
        transactions.executeWithoutResult(tx -> commands.merge(partlyKnown, mergedAway, TESTER));
        String newcomer = unique("newcomer", "example-corp.cn");
        List<PersonRef> people = List.of(
                new PersonRef(null, known, null, null),
                new PersonRef(mergedAway, null, null, null),
                new PersonRef(null, newcomer, null, null),
                new PersonRef(null, partly, null, "visitor-" + UUID.randomUUID()),
                new PersonRef(null, partly, null, null),
                new PersonRef(null, "not an email", null, null));

        List<UUID> found = intake.findKnown(people, CaptureChannel.ACTIVITY);

        assertThat(found).containsExactly(knownLead, partlyKnown, null, null, null, null);
        List<PersonRef> others = List.of(people.get(2), people.get(3), people.get(4), people.get(5));
        LeadIntake.Resolution resolved = transactions.execute(tx -> intake.resolve(others,
                new CaptureContext(CaptureChannel.ACTIVITY, TESTER, "activity:test")));
        assertThat(resolved.leadIds().get(0)).isNotNull().isNotIn(knownLead, partlyKnown);
        assertThat(resolved.leadIds().subList(1, 3)).containsOnly(partlyKnown);
        assertThat(resolved.leadIds().get(3)).isNull();
        assertThat(resolved.problems().get(3)).startsWith("email");
    }

    @Test
    void aKnownPersonArrivingWithANewMobileStaysOneLeadAndTheNumberBecomesTheirsBesideANewcomerOfTheSameBatch() {
        String email = unique("known", "example-corp.cn");
        UUID known = capture(LeadData.builder().email(email).name("Known").build()).leadId();
        String newMobile = mobile();
        String newcomer = unique("newcomer", "example-corp.cn");

        IntakeResult result = Transactions.retryingOnConflict(transactions, () -> capture.capture(List.of(
                new CaptureItem(LeadData.builder().phone(newMobile).email(email).build(), null),
                new CaptureItem(LeadData.builder().email(newcomer).build(), null)),
                CaptureContext.of(CaptureChannel.API, TESTER)));

        assertThat(result.items().get(0).leadId()).isEqualTo(known);
        assertThat(result.items().get(0).outcome()).isEqualTo(IntakeResult.Outcome.UPDATED);
        assertThat(result.items().get(1).outcome()).isEqualTo(IntakeResult.Outcome.CREATED);
        assertThat(leads.find(known).orElseThrow().lead().phone()).isEqualTo(newMobile);
        assertThat(jdbc.sql("select lead_id from lead_identity where kind = 'PHONE' and value = :p")
                .param("p", newMobile).query(UUID.class).single()).isEqualTo(known);
        assertThat(jdbc.sql("""
                select count(*) from lead_identity i where i.value in (:p, :e, :n)
                  and not exists (select 1 from lead l where l.id = i.lead_id)
                """).param("p", newMobile).param("e", email).param("n", newcomer).query(Long.class).single())
                .isZero();
    }

    @Test
    void aBigBatchOfNewPeopleWithKnownPeopleAmongThemMakesLeadsForTheNewcomersOnly() {
        String email = unique("known", "example-corp.cn");
        UUID known = capture(LeadData.builder().email(email).name("Known").build()).leadId();
        String knownMobile = mobile();
        UUID knownByMobile = capture(LeadData.builder().phone(knownMobile).name("Known by mobile").build()).leadId();
        String newMobile = mobile();
        // More keys than a plain insert first is worth it for (Savepoints.WORTH_IT_FROM): it meets the known keys.
        List<CaptureItem> items = new ArrayList<>();
        List<String> newcomers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String newcomer = unique("newcomer" + i, "example-corp.cn");
            newcomers.add(newcomer);
            items.add(new CaptureItem(LeadData.builder().email(newcomer).phone(mobile()).build(), null));
        }
        items.add(50, new CaptureItem(LeadData.builder().email(email).phone(newMobile).build(), null));
        items.add(new CaptureItem(LeadData.builder().phone(knownMobile).title("Buyer").build(), null));

        IntakeResult result = Transactions.retryingOnConflict(transactions, () -> capture.capture(items,
                CaptureContext.of(CaptureChannel.API, TESTER)));

        assertThat(result.items().get(50).leadId()).isEqualTo(known);
        assertThat(result.items().get(101).leadId()).isEqualTo(knownByMobile);
        assertThat(leads.find(knownByMobile).orElseThrow().lead().title()).isEqualTo("Buyer");
        assertThat(jdbc.sql("select lead_id from lead_identity where kind = 'PHONE' and value = :p")
                .param("p", newMobile).query(UUID.class).single()).isEqualTo(known);
        List<IntakeResult.Item> created = result.items().stream()
                .filter(item -> item.outcome() == IntakeResult.Outcome.CREATED).toList();
        assertThat(created).hasSize(100);
        assertThat(created.stream().map(IntakeResult.Item::leadId).distinct()).hasSize(100);
        assertThat(jdbc.sql("""
                select count(*) from lead_identity i join lead l on l.id = i.lead_id
                where i.kind = 'EMAIL' and i.value = any(:emails)
                """).param("emails", newcomers.toArray(String[]::new)).query(Long.class).single()).isEqualTo(100L);
    }

    @Test
    void leadsOfOneBatchKeepTheirOwnCaptureMomentAndTagsBesideLeadsThatHaveNone() {
        Instant metAtTheExpo = Instant.parse("2026-03-01T09:30:00Z");
        IntakeResult result = Transactions.retryingOnConflict(transactions, () -> capture.capture(List.of(
                new CaptureItem(LeadData.builder().email(unique("expo", "example-corp.cn")).capturedAt(metAtTheExpo)
                        .tags(Set.of("expo-2026")).build(), null),
                new CaptureItem(LeadData.builder().email(unique("web", "example-corp.cn")).build(), null)),
                CaptureContext.of(CaptureChannel.API, TESTER)));

        record Row(Instant createdAt, Instant updatedAt, String tags, String custom) {
        }
        java.util.function.Function<UUID, Row> row = id -> jdbc.sql(
                "select created_at, updated_at, tags::text, custom::text from lead where id = :id").param("id", id)
                .query((rs, n) -> new Row(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        rs.getString(3), rs.getString(4))).single();
        Row expo = row.apply(result.items().get(0).leadId());
        Row web = row.apply(result.items().get(1).leadId());
        assertThat(expo.createdAt()).isEqualTo(metAtTheExpo);
        assertThat(expo.updatedAt()).isEqualTo(web.updatedAt()).isAfter(metAtTheExpo);
        assertThat(expo.tags()).isEqualTo("{expo-2026}");
        assertThat(web.createdAt()).isEqualTo(web.updatedAt());
        assertThat(web.tags()).isEqualTo("{}");
        assertThat(web.custom()).isEqualTo("{}");
    }

    @Test
    void anEmailAndAMobileOfTwoDifferentLeadsAreNotGluedTogetherButSuggestedForReview() {
        UUID byEmail = capture(LeadData.builder().email(unique("a", "example-corp.cn")).name("A").build()).leadId();
        String phone = mobile();
        UUID byPhone = capture(LeadData.builder().phone(phone).name("B").build()).leadId();
        String email = leads.find(byEmail).orElseThrow().lead().email();

        IntakeResult.Item item = capture(LeadData.builder().email(email).phone(phone).title("Buyer").build());

        assertThat(item.leadId()).isEqualTo(byEmail);
        assertThat(leads.find(byEmail).orElseThrow().lead().phone()).isNull();
        assertThat(leads.find(byPhone).orElseThrow().lead().phone()).isEqualTo(phone);
        UUID low = byEmail.compareTo(byPhone) < 0 ? byEmail : byPhone;
        UUID high = low.equals(byEmail) ? byPhone : byEmail;
        assertThat(jdbc.sql("""
                select reason from duplicate_suggestion where lead_id = :a and other_lead_id = :b
                """).param("a", low).param("b", high).query(String.class).single()).isEqualTo("SHARED_IDENTITY");
    }

    @Test
    void theSameNameAtTheSameCompanyIsSuggestedAsADuplicate() {
        String company = "Suggest " + UUID.randomUUID().toString().substring(0, 6) + " Co., Ltd.";
        UUID first = capture(LeadData.builder().name("Zhou Jie").company(company)
                .email(unique("zj", "gmail.com")).build()).leadId();
        UUID second = capture(LeadData.builder().name("zhou jie").company(company.replace(" Co., Ltd.", ""))
                .email(unique("zhou", "qq.com")).build()).leadId();

        assertThat(first).isNotEqualTo(second);
        assertThat(jdbc.sql("""
                select count(*) from duplicate_suggestion where reason = 'SAME_NAME_AND_COMPANY'
                  and ((lead_id = :a and other_lead_id = :b) or (lead_id = :b and other_lead_id = :a))
                """).param("a", first).param("b", second).query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void theSameNameAtTheSameCompanyInOneBatchIsSuggestedAgainstTheOldestLeadsOfThatName() {
        String company = "Batch " + UUID.randomUUID().toString().substring(0, 6) + " Co., Ltd.";
        UUID earlier = capture(LeadData.builder().name("Lin Tao").company(company)
                .email(unique("lt", "163.com")).build()).leadId();
        List<IntakeResult.Item> batch = Transactions.retryingOnConflict(transactions, () -> capture.capture(List.of(
                new CaptureItem(LeadData.builder().name("LIN TAO").company(company).email(unique("lin", "qq.com"))
                        .build(), null),
                new CaptureItem(LeadData.builder().name("Lin Tao").company(company).email(unique("tao", "126.com"))
                        .build(), null)), CaptureContext.of(CaptureChannel.API, TESTER))).items();
        UUID first = batch.get(0).leadId();
        UUID second = batch.get(1).leadId();

        assertThat(Set.of(earlier, first, second)).hasSize(3);
        assertThat(jdbc.sql("""
                select least(lead_id, other_lead_id)::text || '/' || greatest(lead_id, other_lead_id)::text
                from duplicate_suggestion
                where reason = 'SAME_NAME_AND_COMPANY' and (lead_id = any(:ids) or other_lead_id = any(:ids))
                """).param("ids", new UUID[] { earlier, first, second }).query(String.class).list())
                .containsExactlyInAnyOrder(pair(earlier, first), pair(earlier, second), pair(first, second));
    }

    private static String pair(UUID a, UUID b) {
        return a.toString().compareTo(b.toString()) < 0 ? a + "/" + b : b + "/" + a;
    }

    @Test
    void leadsMeetTheirAccountByCorporateDomainOrCompanyNameButNeverByFreeMail() {
        String domain = "acct-" + UUID.randomUUID().toString().substring(0, 6) + ".cn";
        UUID viaDomain = capture(LeadData.builder().email(unique("x", domain)).company("Acme " + domain).build())
                .leadId();
        UUID viaDomainOnly = capture(LeadData.builder().email(unique("y", domain)).build()).leadId();
        UUID viaName = capture(LeadData.builder().email(unique("z", "163.com")).company("ACME " + domain + " Ltd.")
                .build()).leadId();
        UUID freeMailOnly = capture(LeadData.builder().email(unique("solo", "163.com")).build()).leadId();
        UUID otherFreeMail = capture(LeadData.builder().email(unique("other", "163.com")).build()).leadId();

        UUID account = leads.find(viaDomain).orElseThrow().lead().accountId();
        assertThat(account).isNotNull();
        assertThat(leads.find(viaDomainOnly).orElseThrow().lead().accountId()).isEqualTo(account);
        assertThat(leads.find(viaName).orElseThrow().lead().accountId()).isEqualTo(account);
        assertThat(leads.find(freeMailOnly).orElseThrow().lead().accountId()).isNull();
        assertThat(leads.find(otherFreeMail).orElseThrow().lead().accountId()).isNull();
    }

    @Test
    void anAccountMadeByACaptureThatRolledBackIsNotTheAccountOfTheNextLeadOfThatCompany() {
        String domain = "rolled-" + UUID.randomUUID().toString().substring(0, 6) + ".cn";
        transactions.executeWithoutResult(tx -> {
            capture.capture(List.of(new CaptureItem(LeadData.builder().email(unique("first", domain))
                    .company("Rollback " + domain).build(), null)), CaptureContext.of(CaptureChannel.API, TESTER));
            tx.setRollbackOnly();
        });

        UUID lead = capture(LeadData.builder().email(unique("second", domain)).company("Rollback " + domain).build())
                .leadId();
        UUID sameCompany = capture(LeadData.builder().email(unique("third", "163.com")).company("Rollback " + domain)
                .build()).leadId();

        UUID account = leads.find(lead).orElseThrow().lead().accountId();
        assertThat(jdbc.sql("select count(*) from account where id = :id and domain = :d").param("id", account)
                .param("d", domain).query(Long.class).single()).isEqualTo(1L);
        assertThat(leads.find(sameCompany).orElseThrow().lead().accountId()).isEqualTo(account);
    }

    @RepeatedTest(3)
    void capturesRacingAtANewCompanyShareOneAccountThatTheNextCaptureFindsToo() throws Exception {
        String domain = "race-" + UUID.randomUUID().toString().substring(0, 6) + ".cn";
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<UUID>> captures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            captures.add(() -> capture(LeadData.builder().email(unique("racer" + n, domain)).company("Race " + domain)
                    .build()).leadId());
        }
        List<UUID> racers = new ArrayList<>();
        for (Future<UUID> future : pool.invokeAll(captures)) {
            racers.add(future.get());
        }
        pool.shutdown();
        UUID later = capture(LeadData.builder().email(unique("later", domain)).build()).leadId();

        List<UUID> accounts = new ArrayList<>();
        racers.forEach(lead -> accounts.add(leads.find(lead).orElseThrow().lead().accountId()));
        accounts.add(leads.find(later).orElseThrow().lead().accountId());
        assertThat(accounts).doesNotContainNull().containsOnly(accounts.get(0));
        assertThat(jdbc.sql("select count(*) from account where id = :id").param("id", accounts.get(0))
                .query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void aMergeKeepsEveryActivityMembershipIdentityAndHistory() {
        UUID webinar = campaign("Merge webinar " + UUID.randomUUID());
        UUID expo = campaign("Merge expo " + UUID.randomUUID());
        String emailA = unique("keep", "example-corp.cn");
        String emailB = unique("dup", "example-corp.cn");
        UUID a = capture(LeadData.builder().email(emailA).name("Keep").campaignId(webinar).build(),
                MemberStatus.REGISTERED).leadId();
        UUID b = capture(LeadData.builder().email(emailB).name("Dup").title("CIO").campaignId(webinar).build(),
                MemberStatus.ATTENDED).leadId();
        capture(LeadData.builder().email(emailB).campaignId(expo).build(), MemberStatus.RESPONDED);
        capture(LeadData.builder().email(emailB).industry("制造业").build());
        transactions.executeWithoutResult(tx -> activities.record(List.of(
                new NewActivity("merge-" + a, "PAGE_VIEW", Instant.now(), new PersonRef(a, null, null, null), null,
                        Map.of()),
                new NewActivity("merge-" + b, "CONTENT_DOWNLOADED", Instant.now(), new PersonRef(b, null, null, null),
                        expo, Map.of())), TESTER, "test"));

        transactions.executeWithoutResult(tx -> commands.merge(a, b, TESTER));

        LeadView merged = leads.find(a).orElseThrow();
        assertThat(merged.lead().title()).isEqualTo("CIO");
        assertThat(merged.emails()).containsExactlyInAnyOrder(emailA, emailB);
        assertThat(leads.find(b).orElseThrow().id()).as("the duplicate's id leads to the survivor").isEqualTo(a);
        assertThat(jdbc.sql("select campaign_id, status from campaign_member where lead_id = :a order by status")
                .param("a", a).query((rs, n) -> rs.getString(2)).list()).containsExactlyInAnyOrder("ATTENDED",
                        "DOWNLOADED");
        assertThat(jdbc.sql("select count(*) from campaign_member where lead_id = :b").param("b", b)
                .query(Long.class).single()).isZero();
        assertThat(leads.history(a, 50)).extracting(HistoryEntry::kind).contains("MERGED", "FIELD_CHANGED");
        assertThat(leads.history(a, 50)).anyMatch(entry -> "industry".equals(entry.field()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from activity where lead_id = :a").param("a", a).query(Long.class).single())
                .isEqualTo(2L));
        assertThat(capture(LeadData.builder().email(emailB).build()).leadId())
                .as("the duplicate's email now finds the survivor").isEqualTo(a);
    }

    @Test
    void anAnonymousVisitorJoinsThePersonOnceTheyIdentifyThemselves() {
        String visitor = "visitor-" + UUID.randomUUID();
        UUID anonymous = anonymousVisitorOnThePricingPage(visitor);
        UUID known = capture(LeadData.builder().email(unique("known", "example-corp.cn")).build()).leadId();

        IntakeResult.Item item = capture(LeadData.builder().email(leads.find(known).orElseThrow().lead().email())
                .anonymousId(visitor).build());

        assertThat(item.leadId()).isEqualTo(known);
        assertThat(leads.find(anonymous).orElseThrow().id()).isEqualTo(known);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from activity where lead_id = :k").param("k", known).query(Long.class).single())
                .isEqualTo(1L));
    }

    @Test
    void aVisitorWhoNamesTheirEmailInAnActivityHasItOnTheirLead() {
        String visitor = "visitor-" + UUID.randomUUID();
        UUID visitorLead = anonymousVisitorOnThePricingPage(visitor);
        String email = unique("visitor", "example-corp.cn");

        transactions.executeWithoutResult(tx -> activities.record(List.of(new NewActivity(null, "CONTENT_DOWNLOADED",
                Instant.now(), new PersonRef(null, email, null, visitor), null, Map.of())), TESTER, "web"));

        assertThat(jdbc.sql("select lead_id from lead_identity where kind = 'EMAIL' and value = :e").param("e", email)
                .query(UUID.class).single()).isEqualTo(visitorLead);
        assertThat(leads.find(visitorLead).orElseThrow().lead().email()).isEqualTo(email);
    }

    @Test
    void customFieldValuesAreCheckedAgainstTheirDefinition() {
        // through the catalogue, which other tests may already have read into its cache
        transactions.executeWithoutResult(tx -> customFields.define(new io.tandem.lead.CustomFieldDefinition("seats",
                "Seats", "席位", io.tandem.lead.CustomFieldType.NUMBER, List.of()), TESTER));
        IntakeResult.Item valid = capture(LeadData.builder().email(unique("cf", "example-corp.cn"))
                .custom(Map.of("seats", "1,200")).build());
        IntakeResult.Item wrongType = capture(LeadData.builder().email(unique("cf", "example-corp.cn"))
                .custom(Map.of("seats", "many")).build());
        IntakeResult.Item unknown = capture(LeadData.builder().email(unique("cf", "example-corp.cn"))
                .custom(Map.of("nope", "x")).build());

        assertThat(leads.find(valid.leadId()).orElseThrow().custom()).containsEntry("seats", 1200);
        assertThat(wrongType.outcome()).isEqualTo(IntakeResult.Outcome.INVALID);
        assertThat(wrongType.problems().get(0).field()).isEqualTo("custom.seats");
        assertThat(unknown.problems().get(0).message()).contains("not a defined custom field");
    }

    @Test
    void tagsAndOwnersChangeInBulkWithHistory() {
        UUID one = capture(LeadData.builder().email(unique("bulk", "example-corp.cn")).build()).leadId();
        UUID two = capture(LeadData.builder().email(unique("bulk", "example-corp.cn")).build()).leadId();

        int tagged = transactions.execute(tx -> commands.tag(List.of(one, two), Set.of("2026-expo"), Set.of(),
                TESTER));

        assertThat(tagged).isEqualTo(2);
        assertThat(leads.find(one).orElseThrow().lead().tags()).containsExactly("2026-expo");
        assertThat(leads.history(two, 10)).extracting(HistoryEntry::kind).contains("TAGS_CHANGED");
        assertThat(catalog.all()).isNotNull();
    }
}
