package io.tandem.handoff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the SDR learned: BANT (budget, authority, need, timeline) and the answers to the admin's own questions, keyed
 * by question id.
 */
public record Qualification(String budget, String authority, String need, String timeline,
        Map<String, String> answers) {

    public static final Qualification EMPTY = new Qualification(null, null, null, null, Map.of());

    public Qualification {
        budget = trimmed(budget);
        authority = trimmed(authority);
        need = trimmed(need);
        timeline = trimmed(timeline);
        Map<String, String> kept = new LinkedHashMap<>();
        if (answers != null) {
            answers.forEach((key, value) -> {
                if (trimmed(value) != null) {
                    kept.put(key, trimmed(value));
                }
            });
        }
        answers = Map.copyOf(kept);
    }

    /**
     * A transfer needs all four of BANT and every required question answered; sales rejects leads that arrive
     * without them.
     *
     * @return the names of what is missing, empty when complete
     */
    public List<String> missingFor(List<QualificationQuestion> questions) {
        List<String> missing = new ArrayList<>();
        if (budget == null) {
            missing.add("budget");
        }
        if (authority == null) {
            missing.add("authority");
        }
        if (need == null) {
            missing.add("need");
        }
        if (timeline == null) {
            missing.add("timeline");
        }
        for (QualificationQuestion question : questions) {
            if (question.required() && question.active() && !answers.containsKey(question.id().toString())) {
                missing.add(question.labelEn());
            }
        }
        return missing;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
