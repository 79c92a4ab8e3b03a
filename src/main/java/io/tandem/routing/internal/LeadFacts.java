package io.tandem.routing.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.lead.LeadSummary;

/** What routing rules may test about a lead: its fields, custom fields, tags, fit grade and engagement. */
record LeadFacts(LeadSummary lead, Map<String, Object> custom, String grade, Double engagement) {

    UUID id() {
        return lead.id();
    }

    List<String> tags() {
        return lead.tags() == null ? List.of() : lead.tags();
    }

    String value(String field) {
        if (field.startsWith("custom.")) {
            Object value = custom.get(field.substring("custom.".length()));
            return value == null ? null : value.toString();
        }
        return switch (field) {
            case "province" -> lead.province();
            case "city" -> lead.city();
            case "country" -> lead.country();
            case "industry" -> lead.industry();
            case "companySize" -> lead.companySize();
            case "title" -> lead.title();
            case "source" -> lead.source();
            case "grade" -> grade;
            case "engagement" -> engagement == null ? null : engagement.toString();
            default -> null;
        };
    }
}
