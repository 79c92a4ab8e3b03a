package io.tandem.connectors.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.tandem.lead.CustomFieldCatalog;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadSummary;
import io.tandem.scoring.LeadScore;
import io.tandem.scoring.LeadScores;

/** A lead's values under the names a field mapping uses: the standard fields, a few derived ones, custom.&lt;key&gt;. */
@Component
public class TandemRecords {

    /** The fields every lead has, in the order the mapping screen offers them. */
    public static final List<String> STANDARD_FIELDS = List.of("tandemId", "name", "lastName", "firstName", "email",
            "phone", "company", "title", "industry", "companySize", "province", "city", "country", "source",
            "sourceDetail", "stage", "fitGrade", "engagement", "tags", "createdAt");

    private final LeadDirectory leads;
    private final LeadScores scores;
    private final CustomFieldCatalog customFields;

    TandemRecords(LeadDirectory leads, LeadScores scores, CustomFieldCatalog customFields) {
        this.leads = leads;
        this.scores = scores;
        this.customFields = customFields;
    }

    /** Every field a mapping may name: the standard ones and one per custom field an admin defined. */
    public List<String> mappableFields() {
        List<String> fields = new java.util.ArrayList<>(STANDARD_FIELDS);
        customFields.all().forEach(definition -> fields.add("custom." + definition.key()));
        return fields;
    }

    /** The values of these leads; leads that no longer exist are left out. */
    public Map<UUID, Map<String, Object>> of(Collection<UUID> leadIds) {
        Map<UUID, LeadSummary> summaries = leads.summaries(leadIds);
        Map<UUID, Map<String, Object>> custom = leads.customFields(summaries.keySet());
        Map<UUID, LeadScore> scored = scores.of(summaries.keySet());
        Map<UUID, Map<String, Object>> records = new LinkedHashMap<>();
        for (UUID id : leadIds) {
            LeadSummary lead = summaries.get(id);
            if (lead != null) {
                records.put(id, values(lead, custom.getOrDefault(id, Map.of()), scored.get(id)));
            }
        }
        return records;
    }

    static Map<String, Object> values(LeadSummary lead, Map<String, Object> custom, LeadScore score) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tandemId", lead.id().toString());
        values.put("name", lead.name());
        String[] names = splitName(lead.name());
        values.put("firstName", names[0]);
        values.put("lastName", names[1]);
        values.put("email", lead.email());
        values.put("phone", lead.phone());
        values.put("company", lead.company());
        values.put("title", lead.title());
        values.put("industry", lead.industry());
        values.put("companySize", lead.companySize());
        values.put("province", lead.province());
        values.put("city", lead.city());
        values.put("country", lead.country());
        values.put("source", lead.source());
        values.put("sourceDetail", lead.sourceDetail());
        values.put("stage", lead.stage());
        values.put("fitGrade", score == null ? null : score.grade());
        values.put("engagement", score == null ? null : (int) Math.round(score.engagementNow()));
        values.put("tags", lead.tags() == null || lead.tags().isEmpty() ? null : String.join(";", lead.tags()));
        values.put("createdAt", lead.createdAt() == null ? null : lead.createdAt().toString());
        custom.forEach((key, value) -> values.put("custom." + key, value));
        return values;
    }

    /**
     * CRMs want a last name. A Chinese name is written family name first and is kept whole as the last name (the CRM
     * shows 张伟, not 伟 张); a Western "Anna Schmidt" splits at its last space.
     */
    static String[] splitName(String name) {
        if (name == null || name.isBlank()) {
            return new String[] { null, null };
        }
        String trimmed = name.strip();
        int space = trimmed.lastIndexOf(' ');
        if (space < 0 || trimmed.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
            return new String[] { null, trimmed };
        }
        return new String[] { trimmed.substring(0, space).strip(), trimmed.substring(space + 1) };
    }
}
