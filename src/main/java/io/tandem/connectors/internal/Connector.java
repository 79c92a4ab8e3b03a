package io.tandem.connectors.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A connection to one CRM: where it is, how Tandem signs in, which fields go where, which leads go out on their own,
 * and how many calls a day and at once it may take.
 *
 * @param autoGrades leads that become MQL with one of these fit grades go out without an SDR; empty: by hand only
 */
public record Connector(UUID id, String name, ConnectorKind kind, boolean enabled, Map<String, String> settings,
        Map<String, String> secrets, Set<String> autoGrades, int dailyCallBudget, int maxConcurrentCalls,
        Instant pausedUntil, String pausedReason, List<FieldMapping> mappings) {

    public String setting(String key, String fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    public String secret(String key) {
        String value = secrets.get(key);
        return value == null || value.isBlank() ? null : value;
    }

    /** The settings split at commas, e.g. the CRM lead statuses that mean "sales accepted it". */
    public Set<String> settingList(String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    public boolean pausedAt(Instant now) {
        return pausedUntil != null && pausedUntil.isAfter(now);
    }

    public java.util.Optional<FieldMapping> mappingOf(String tandemField) {
        return mappings.stream().filter(mapping -> mapping.tandemField().equals(tandemField)).findFirst();
    }
}
