package io.tandem.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.shared.Actor;
import io.tandem.shared.db.Transactions;
import io.tandem.support.IntegrationTest;

@IntegrationTest
class LeadPastTests {

    static final Actor IMPORTER = new Actor(null, "importer", "127.0.0.1");

    @Autowired
    LeadCapture capture;
    @Autowired
    LeadPast past;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void stagesEnteredOnTheSameDayLeaveTheLeadAtTheLaterStageOfTheModel() {
        String email = "past." + UUID.randomUUID().toString().substring(0, 8) + "@same-day.example";
        UUID lead = Transactions.retryingOnConflict(transactions, () -> capture.capture(
                List.of(new CaptureItem(LeadData.builder().email(email).source("expo")
                        .capturedAt(Instant.parse("2026-03-01T00:00:00Z")).build(), null)),
                CaptureContext.of(CaptureChannel.API, IMPORTER))).items().get(0).leadId();
        Instant day = Instant.parse("2026-03-02T00:00:00Z");

        // Map.of hands out fresh entries on each iteration: the reason must still find the latest stage
        transactions.executeWithoutResult(tx -> past.record(lead, Map.of("SQL", day, "MQL", day, "SAL", day), null,
                "qualified at the expo", IMPORTER));

        assertThat(jdbc.sql("select stage from lead where id = :id").param("id", lead).query(String.class).single())
                .isEqualTo("SQL");
        assertThat(jdbc.sql("select to_stage from lead_stage_history where lead_id = :id and reason is not null")
                .param("id", lead).query(String.class).list()).containsExactly("SQL");
    }
}
