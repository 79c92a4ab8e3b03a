package io.tandem.opportunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.campaign.CampaignDetails;
import io.tandem.campaign.CampaignManagement;
import io.tandem.campaign.CampaignType;
import io.tandem.handoff.Qualification;
import io.tandem.handoff.internal.SdrWork;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.opportunity.internal.Opportunity;
import io.tandem.opportunity.internal.OpportunityService;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.People;

@IntegrationTest
class OpportunityTests {

    @LocalServerPort
    int port;
    @Autowired
    OpportunityService opportunities;
    @Autowired
    LeadStages stages;
    @Autowired
    LeadDirectory leads;
    @Autowired
    SdrWork sdrWork;
    @Autowired
    CampaignManagement campaigns;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    static io.tandem.opportunity.OpportunityTerms terms(String amount) {
        return new io.tandem.opportunity.OpportunityTerms("Deal", new BigDecimal(amount), "cny", LocalDate.of(2027, 6, 30), null);
    }

    /** A lead the rep accepted and qualified, from a campaign. */
    UUID sqlOf(UserSummary rep, UUID campaign) {
        UserSummary sdr = new People(users, transactions).create("opp.sdr", Role.SDR, null);
        String email = "opp." + UUID.randomUUID().toString().substring(0, 8) + "@deal-corp.cn";
        UUID lead = UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("email", email, "company", "Deal Corp", "campaignId", campaign.toString())).json().get("id")
                .asString());
        transactions.executeWithoutResult(tx -> {
            stages.move(lead, Stage.MQL, "hand-raise", "test", Actor.SYSTEM);
            sdrWork.claim(lead, sdr.id(), Actor.SYSTEM);
            sdrWork.saveQualification(lead, new Qualification("1M", "CEO", "ERP", "Q3", Map.of()), Actor.SYSTEM);
            sdrWork.accept(sdrWork.transfer(lead, sdr.id(), rep.id(), "notes", Actor.SYSTEM), rep.id(), Actor.SYSTEM);
        });
        return lead;
    }

    UUID campaign() {
        return transactions.execute(tx -> campaigns.planCampaign(new CampaignDetails("Expo " + UUID.randomUUID(),
                CampaignType.OFFLINE_EVENT, "offline", null, null, null, null, null, null, null, null, false, null, null),
                Actor.SYSTEM)).id();
    }

    @Test
    void onlyASalesQualifiedLeadBecomesAnOpportunityAndItKeepsItsCampaigns() {
        UserSummary rep = new People(users, transactions).create("opp.rep", Role.SALES_REP, null);
        UUID campaign = campaign();
        UUID lead = sqlOf(rep, campaign);

        assertThatThrownBy(() -> opportunities.convert(lead, terms("100"), Actor.SYSTEM))
                .isInstanceOf(BadInputException.class).hasMessageContaining("only a sales-qualified lead (SQL) can become an opportunity");
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.SQL, "fit", "test", Actor.SYSTEM));
        UUID id = opportunities.convert(lead, terms("250000"), Actor.SYSTEM);

        Opportunity opened = opportunities.get(id);
        assertThat(opened.ownerId()).isEqualTo(rep.id());
        assertThat(opened.currency()).isEqualTo("CNY");
        assertThat(opened.probability()).isEqualTo(10);
        assertThat(opportunities.details(id).campaignIds()).containsExactly(campaign);
        assertThat(leads.find(lead).orElseThrow().lead().stage()).isEqualTo(Stage.OPPORTUNITY);
    }

    @Test
    void aLostDealNeedsAReasonAndAClosedOneChangesNoMore() {
        UserSummary rep = new People(users, transactions).create("opp.rep", Role.SALES_REP, null);
        UUID lead = sqlOf(rep, campaign());
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.SQL, "fit", "test", Actor.SYSTEM));
        UUID id = opportunities.convert(lead, terms("90000"), Actor.SYSTEM);
        opportunities.advance(id, "PROPOSAL", Actor.SYSTEM);
        assertThat(opportunities.get(id).probability()).isEqualTo(60);

        assertThatThrownBy(() -> opportunities.lose(id, null, null, Actor.SYSTEM))
                .isInstanceOf(BadInputException.class);
        opportunities.lose(id, LostReason.COMPETITOR, "Chose a local vendor", Actor.SYSTEM);

        assertThat(leads.find(lead).orElseThrow().lead().stage()).isEqualTo(Stage.LOST);
        assertThatThrownBy(() -> opportunities.win(id, null, null, Actor.SYSTEM)).isInstanceOf(BadInputException.class);
        assertThat(jdbc.sql("select count(*) from sales_order where opportunity_id = :id").param("id", id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void anAdminAddsAPipelineStageBetweenTwoOthers() {
        String code = "TECH_" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();

        opportunities.addStage(code, "Technical evaluation", "技术评估", 45, "SOLUTION", Actor.SYSTEM);

        List<String> order = opportunities.stages().stream().map(PipelineStage::code).toList();
        assertThat(order.indexOf(code)).isEqualTo(order.indexOf("SOLUTION") + 1);
        assertThatThrownBy(() -> opportunities.reviseStage("WON", "Won", "赢单", 50, Actor.SYSTEM))
                .isInstanceOf(BadInputException.class);
    }
}
