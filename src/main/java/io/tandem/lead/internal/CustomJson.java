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

    static Jsonb write(Map<String, Object> values) {
        return new Jsonb(JSON.writeValueAsString(values));
    }
}
