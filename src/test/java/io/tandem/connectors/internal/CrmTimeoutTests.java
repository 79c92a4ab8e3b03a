package io.tandem.connectors.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.tandem.support.IntegrationTest;

/**
 * A CRM that does not answer in time is a transient failure, for HubSpot and for a webhook alike: the clients here
 * are built on a CrmCalls with a short timeout, so that the test need not wait the configured ten seconds.
 */
@IntegrationTest
class CrmTimeoutTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;
    @Autowired
    CrmLinks links;
    @Autowired
    ConnectorStore store;

    WireMockServer slow;
    UUID connectorId;

    @BeforeEach
    void setUp() {
        slow = new WireMockServer(WireMockConfiguration.options().dynamicPort().http2PlainDisabled(true));
        slow.start();
        slow.stubFor(post(urlEqualTo("/crm/v3/objects/contacts/batch/upsert"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(3_000).withBody("{}")));
        slow.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        connectorId = UUID.randomUUID();
        store.insert(connectorId, "slow CRM " + connectorId, ConnectorKind.HUBSPOT, Instant.now());
    }

    @AfterEach
    void tearDown() {
        slow.stop();
        jdbc.sql("delete from crm_connector where id = :id").param("id", connectorId).update();
    }

    @Test
    void noAnswerInTimeIsATransientFailure() {
        CrmCalls calls = new CrmCalls(jdbc, clock, Duration.ofMillis(500));
        OutboundRecord record = new OutboundRecord(UUID.randomUUID(), null, Map.of("email", "slow@crm.cn"));

        Connector hubspot = connector(ConnectorKind.HUBSPOT, Map.of("baseUrl", slow.baseUrl()),
                Map.of("accessToken", "pat-test"));
        assertThatThrownBy(() -> new HubSpotClient(calls, links, jdbc).upsert(hubspot, List.of(record)))
                .isInstanceOfSatisfying(CrmCallFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(CrmCallFailure.Kind.TRANSIENT);
                    assertThat(failure.getMessage()).contains("no answer within");
                });

        Connector webhook = connector(ConnectorKind.WEBHOOK, Map.of("url", slow.baseUrl() + "/hook"),
                Map.of("signingSecret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThatThrownBy(() -> new WebhookClient(calls, clock).upsert(webhook, List.of(record)))
                .isInstanceOfSatisfying(CrmCallFailure.class,
                        failure -> assertThat(failure.kind()).isEqualTo(CrmCallFailure.Kind.TRANSIENT));
    }

    private Connector connector(ConnectorKind kind, Map<String, String> settings, Map<String, String> secrets) {
        return new Connector(connectorId, "slow CRM", kind, true, settings, secrets, Set.of(), 15_000, 4, null, null,
                List.of());
    }
}
