package io.tandem.lead;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Small aggregates for the home page, each bounded to a recent time window. */
public interface LeadStatistics {

    /** New leads per day since {@code from}, in the given zone; days without leads are absent. */
    Map<LocalDate, Long> createdPerDay(Instant from, ZoneId zone);

    /** New leads per source since {@code from}, largest first. */
    List<Map.Entry<String, Long>> createdBySource(Instant from, int top);

    long openDuplicateSuggestions();
}
