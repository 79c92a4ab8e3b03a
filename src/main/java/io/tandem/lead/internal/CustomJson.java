package io.tandem.lead.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tandem.shared.Jsonb;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Custom field values ↔ the lead's {@code custom} jsonb column. */
final class CustomJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private CustomJson() {
    }

    static Map<String, Object> read(Jsonb jsonb) {
        if (jsonb == null || jsonb.json() == null || jsonb.json().isBlank()) {
            return new LinkedHashMap<>();
        }
        return JSON.readValue(jsonb.json(), MAP);
    }

    /** A PostgreSQL array literal, e.g. {"VIP","展会"}, for arrays of arrays passed as text. */
    static String postgresArray(java.util.Collection<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }

    static Jsonb write(Map<String, Object> values) {
        return new Jsonb(JSON.writeValueAsString(values));
    }
}
