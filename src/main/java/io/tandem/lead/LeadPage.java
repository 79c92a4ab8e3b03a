package io.tandem.lead;

import java.util.List;

/** One page of leads and the cursor of the next one ({@code null} on the last page). */
public record LeadPage(List<LeadSummary> items, String nextCursor) {
}
