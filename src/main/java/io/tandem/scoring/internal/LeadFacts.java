package io.tandem.scoring.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import io.tandem.shared.db.SqlArrays;

/** What scoring needs to know about leads, read straight from the lead table (a module scoring depends on). */
@Component
class LeadFacts {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private static final String COLUMNS = """
            id, name, title, company, industry, company_size, province, city, country, source, email, custom::text,
            stage, merged_into""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    LeadFacts(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Lead(UUID id, FitEvaluator.Facts facts, String stage) {
    }

    Map<UUID, Lead> of(Collection<UUID> ids) {
        Map<UUID, Lead> leads = new HashMap<>();
        if (ids.isEmpty()) {
            return leads;
        }
        // Merged leads are skipped here, not in SQL: with "merged_into is null" in the query PostgreSQL reads a
        // whole partial index of live leads (by name or company) instead of the primary key.
        jdbc.sql("select " + COLUMNS + " from lead where id = any(:ids)")
                .param("ids", SqlArrays.uuids(ids.stream().distinct().toList()))
                .query(rs -> {
                    if (rs.getObject(14) == null) {
                        Lead lead = lead(rs);
                        leads.put(lead.id(), lead);
                    }
                });
        return leads;
    }

    /** Streams the live leads with {@code after < id <= upto} in id order, without holding them all. */
    void inRange(UUID after, UUID upto, Consumer<Lead> each) {
        jdbc.sql("select " + COLUMNS + " from lead where id > :after and id <= :upto and merged_into is null "
                + "order by id")
                .param("after", after).param("upto", upto)
                .query(rs -> {
                    each.accept(lead(rs));
                });
    }

    /** Columns by position, in the order of {@link #COLUMNS}: a name costs a look-up per value. */
    private Lead lead(ResultSet rs) throws SQLException {
        Map<String, String> fields = new HashMap<>(16);
        fields.put("name", rs.getString(2));
        fields.put("title", rs.getString(3));
        fields.put("company", rs.getString(4));
        fields.put("industry", rs.getString(5));
        fields.put("companySize", rs.getString(6));
        fields.put("province", rs.getString(7));
        fields.put("city", rs.getString(8));
        fields.put("country", rs.getString(9));
        fields.put("source", rs.getString(10));
        String email = rs.getString(11);
        String domain = email == null ? null : email.substring(email.indexOf('@') + 1);
        String custom = rs.getString(12);
        Map<String, Object> values = custom == null || custom.equals("{}") ? Map.of() : json.readValue(custom, MAP);
        UUID id = rs.getObject(1, UUID.class);
        return new Lead(id, new FitEvaluator.Facts(fields, values, domain), rs.getString(13));
    }
}
