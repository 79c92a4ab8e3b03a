package io.tandem.lead.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.lead.LeadPast;
import io.tandem.shared.Actor;

@Component
class LeadPastWriter implements LeadPast {

    private final JdbcClient jdbc;
    private final io.tandem.lifecycle.StageModel stages;

    LeadPastWriter(JdbcClient jdbc, io.tandem.lifecycle.StageModel stages) {
        this.jdbc = jdbc;
        this.stages = stages;
    }

    private int position(String stage) {
        return stages.stage(stage).map(io.tandem.lifecycle.Stage::position).orElse(Integer.MAX_VALUE);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID leadId, Map<String, Instant> firstEntries, UUID sdrId, String reason, Actor actor) {
        if (firstEntries.isEmpty() && sdrId == null) {
            return;
        }
        // in time order, and on the same moment in the stage model's order: spreadsheet dates are whole days, and a
        // lead that became MQL, SAL and SQL on one day is at SQL
        Comparator<Map.Entry<String, Instant>> inOrder = Map.Entry.<String, Instant>comparingByValue()
                .thenComparingInt(entry -> position(entry.getKey()));
        Map.Entry<String, Instant> latest = firstEntries.entrySet().stream().max(inOrder).orElse(null);
        firstEntries.entrySet().stream().sorted(inOrder)
                .forEach(entry -> {
                    Timestamp at = Timestamp.from(entry.getValue());
                    int inserted = jdbc.sql("""
                            insert into lead_stage_date (lead_id, stage, first_entered_at) values (:lead, :stage, :at)
                            on conflict (lead_id, stage) do update
                                set first_entered_at = least(lead_stage_date.first_entered_at, excluded.first_entered_at)
                                where excluded.first_entered_at < lead_stage_date.first_entered_at
                            """).param("lead", leadId).param("stage", entry.getKey()).param("at", at).update();
                    if (inserted > 0) {
                        jdbc.sql("""
                                insert into lead_stage_history (lead_id, from_stage, to_stage, occurred_at, actor, rule,
                                                                reason, source)
                                values (:lead, null, :stage, :at, :actor, 'import', :reason, 'history-import')
                                """).param("lead", leadId).param("stage", entry.getKey()).param("at", at)
                                .param("actor", actor.name())
                                .param("reason", entry.getKey().equals(latest.getKey()) ? reason : null).update();
                    }
                });
        if (latest != null) {
            jdbc.sql("""
                    update lead set stage = :stage, stage_changed_at = :at, updated_at = greatest(updated_at, :at),
                                    version = version + 1
                    where id = :lead and coalesce(stage_changed_at, created_at) <= :at
                    """).param("lead", leadId).param("stage", latest.getKey())
                    .param("at", Timestamp.from(latest.getValue())).update();
        }
        if (sdrId != null) {
            jdbc.sql("update lead set sdr_id = :sdr where id = :lead and sdr_id is null").param("lead", leadId)
                    .param("sdr", sdrId).update();
        }
    }
}
