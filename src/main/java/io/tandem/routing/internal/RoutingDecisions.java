package io.tandem.routing.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Why each lead went where it went, for its page. */
@Service
public class RoutingDecisions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    RoutingDecisions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Decision(Instant at, Router.Trigger trigger, String ruleName, UUID poolId, UUID assigneeId,
            List<Router.Skip> skipped, String outcome) {
    }

    public List<Decision> ofLead(UUID leadId) {
        return jdbc.sql("""
                select decided_at, trigger, rule_name, pool_id, assignee_id, skipped::text, outcome
                from routing_decision where lead_id = :lead order by decided_at desc, id limit 20
                """).param("lead", leadId).query((rs, n) -> new Decision(rs.getTimestamp(1).toInstant(),
                        Router.Trigger.valueOf(rs.getString(2)), rs.getString(3), rs.getObject(4, UUID.class),
                        rs.getObject(5, UUID.class),
                        JSON.readValue(rs.getString(6), new TypeReference<List<Router.Skip>>() { }),
                        rs.getString(7))).list();
    }
}
