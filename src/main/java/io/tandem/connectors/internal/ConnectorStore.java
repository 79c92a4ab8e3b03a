package io.tandem.connectors.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.tandem.shared.NotFoundException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Connectors and their field mappings. */
@Component
public class ConnectorStore {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, name, kind, enabled, settings::text, secrets::text, auto_rule::text, daily_call_budget,
            max_concurrent_calls, paused_until, paused_reason
            """;

    private final JdbcClient jdbc;

    ConnectorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Connector> all() {
        return withMappings(jdbc.sql("select " + COLUMNS + " from crm_connector order by name").query(this::row)
                .list());
    }

    public List<Connector> enabled() {
        return all().stream().filter(Connector::enabled).toList();
    }

    public Optional<Connector> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from crm_connector where id = :id").param("id", id).query(this::row)
                .optional().map(connector -> withMappings(List.of(connector)).get(0));
    }

    public Connector get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("Connector", id));
    }

    public void insert(UUID id, String name, ConnectorKind kind, Instant now) {
        jdbc.sql("""
                insert into crm_connector (id, name, kind, created_at, updated_at) values (:id, :name, :kind, :now, :now)
                """).param("id", id).param("name", name).param("kind", kind.name())
                .param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    public void saveSettings(UUID id, String name, boolean enabled, Map<String, String> settings,
            Map<String, String> newSecrets, Set<String> autoGrades, int dailyCallBudget, int maxConcurrentCalls,
            Instant now) {
        jdbc.sql("""
                update crm_connector set name = :name, enabled = :enabled, settings = cast(:settings as jsonb),
                       secrets = secrets || cast(:secrets as jsonb), auto_rule = cast(:rule as jsonb),
                       daily_call_budget = :budget, max_concurrent_calls = :concurrent, updated_at = :now,
                       access_token = null, token_expires_at = null
                where id = :id
                """).param("id", id).param("name", name).param("enabled", enabled)
                .param("settings", JSON.writeValueAsString(settings))
                .param("secrets", JSON.writeValueAsString(newSecrets))
                .param("rule", autoGrades.isEmpty() ? null : JSON.writeValueAsString(Map.of("grades", autoGrades)))
                .param("budget", dailyCallBudget).param("concurrent", maxConcurrentCalls)
                .param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    public void replaceMappings(UUID id, List<FieldMapping> mappings) {
        jdbc.sql("delete from crm_field_mapping where connector_id = :id").param("id", id).update();
        int position = 0;
        for (FieldMapping mapping : mappings) {
            jdbc.sql("""
                    insert into crm_field_mapping (connector_id, position, tandem_field, crm_field, direction,
                                                   conflict_rule, value_map, required)
                    values (:id, :position, :tandem, :crm, :direction, :conflict, cast(:map as jsonb), :required)
                    """).param("id", id).param("position", position++).param("tandem", mapping.tandemField())
                    .param("crm", mapping.crmField()).param("direction", mapping.direction().name())
                    .param("conflict", mapping.conflictRule().name())
                    .param("map", JSON.writeValueAsString(mapping.valueMap())).param("required", mapping.required())
                    .update();
        }
    }

    /** A rate-limit answer or a used-up daily budget: no calls to this CRM until then. */
    public void pause(UUID id, Instant until, String reason) {
        jdbc.sql("""
                update crm_connector set paused_until = greatest(coalesce(paused_until, :until), :until),
                       paused_reason = :reason where id = :id
                """).param("id", id).param("until", until.atOffset(ZoneOffset.UTC)).param("reason", reason).update();
    }

    public record CachedToken(String accessToken, String instanceUrl, Instant expiresAt) {
    }

    public Optional<CachedToken> token(UUID id) {
        return jdbc.sql("select access_token, instance_url, token_expires_at from crm_connector where id = :id")
                .param("id", id).query((rs, n) -> rs.getString(1) == null ? null
                        : new CachedToken(rs.getString(1), rs.getString(2),
                                rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
                .optional();
    }

    public void saveToken(UUID id, CachedToken token) {
        jdbc.sql("""
                update crm_connector set access_token = :token, instance_url = :instance, token_expires_at = :expires
                where id = :id
                """).param("id", id).param("token", token == null ? null : token.accessToken())
                .param("instance", token == null ? null : token.instanceUrl())
                .param("expires", token == null || token.expiresAt() == null ? null
                        : token.expiresAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    private Connector row(ResultSet rs, int n) throws SQLException {
        Set<String> grades = new LinkedHashSet<>();
        if (rs.getString(7) != null) {
            JSON.readTree(rs.getString(7)).path("grades").forEach(grade -> grades.add(grade.asString()));
        }
        return new Connector(rs.getObject(1, UUID.class), rs.getString(2), ConnectorKind.valueOf(rs.getString(3)),
                rs.getBoolean(4), JSON.readValue(rs.getString(5), STRINGS), JSON.readValue(rs.getString(6), STRINGS),
                grades, rs.getInt(8), rs.getInt(9),
                rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(), rs.getString(11), List.of());
    }

    private List<Connector> withMappings(List<Connector> connectors) {
        if (connectors.isEmpty()) {
            return connectors;
        }
        Map<UUID, List<FieldMapping>> mappings = new LinkedHashMap<>();
        jdbc.sql("""
                select connector_id, tandem_field, crm_field, direction, conflict_rule, value_map::text, required
                from crm_field_mapping where connector_id = any(:ids) order by connector_id, position
                """).param("ids", connectors.stream().map(Connector::id).toArray(UUID[]::new)).query(rs -> {
                    mappings.computeIfAbsent(rs.getObject(1, UUID.class), key -> new java.util.ArrayList<>())
                            .add(new FieldMapping(rs.getString(2), rs.getString(3),
                                    FieldMapping.Direction.valueOf(rs.getString(4)),
                                    FieldMapping.ConflictRule.valueOf(rs.getString(5)),
                                    JSON.readValue(rs.getString(6), STRINGS), rs.getBoolean(7)));
                });
        return connectors.stream().map(c -> new Connector(c.id(), c.name(), c.kind(), c.enabled(), c.settings(),
                c.secrets(), c.autoGrades(), c.dailyCallBudget(), c.maxConcurrentCalls(), c.pausedUntil(),
                c.pausedReason(), List.copyOf(mappings.getOrDefault(c.id(), List.of())))).toList();
    }
}
