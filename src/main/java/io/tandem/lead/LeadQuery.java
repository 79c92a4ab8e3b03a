package io.tandem.lead;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A filter over the lead pool, shared by the pool page, the API and exports. Paging is by cursor (keyset), so page
 * 1,000 costs what page 1 costs.
 *
 * @param q a name, company, email or phone prefix
 * @param ownerId {@code null} with {@code unassigned} false means any owner
 */
public record LeadQuery(String q, String source, UUID campaignId, UUID ownerId, boolean unassigned, String tag,
        UUID accountId, LocalDate createdFrom, LocalDate createdTo, Sort sort, String cursor, int limit,
        java.util.Set<String> stages, LeadScope scope) {

    public LeadQuery(String q, String source, UUID campaignId, UUID ownerId, boolean unassigned, String tag,
            UUID accountId, LocalDate createdFrom, LocalDate createdTo, Sort sort, String cursor, int limit,
            java.util.Set<String> stages) {
        this(q, source, campaignId, ownerId, unassigned, tag, accountId, createdFrom, createdTo, sort, cursor, limit,
                stages, LeadScope.EVERYTHING);
    }

    public LeadQuery(String q, String source, UUID campaignId, UUID ownerId, boolean unassigned, String tag,
            UUID accountId, LocalDate createdFrom, LocalDate createdTo, Sort sort, String cursor, int limit) {
        this(q, source, campaignId, ownerId, unassigned, tag, accountId, createdFrom, createdTo, sort, cursor, limit,
                java.util.Set.of());
    }

    public static final int MAX_LIMIT = 500;

    public LeadQuery {
        sort = sort == null ? Sort.NEWEST : sort;
        limit = limit <= 0 ? 50 : Math.min(limit, MAX_LIMIT);
        q = q == null || q.isBlank() ? null : q.strip();
        source = source == null || source.isBlank() ? null : source.strip();
        tag = tag == null || tag.isBlank() ? null : tag.strip();
        cursor = cursor == null || cursor.isBlank() ? null : cursor;
        stages = stages == null ? java.util.Set.of() : java.util.Set.copyOf(stages);
        scope = scope == null ? LeadScope.EVERYTHING : scope;
    }

    /** The same filter over only the leads the scope lets its reader see. */
    public LeadQuery within(LeadScope newScope) {
        return new LeadQuery(q, source, campaignId, ownerId, unassigned, tag, accountId, createdFrom, createdTo, sort,
                cursor, limit, stages, newScope);
    }

    public static LeadQuery all() {
        return new LeadQuery(null, null, null, null, false, null, null, null, null, Sort.NEWEST, null, 50);
    }

    public LeadQuery withCursor(String newCursor) {
        return new LeadQuery(q, source, campaignId, ownerId, unassigned, tag, accountId, createdFrom, createdTo, sort,
                newCursor, limit, stages, scope);
    }

    public boolean isFiltered() {
        return q != null || source != null || campaignId != null || ownerId != null || unassigned || tag != null
                || accountId != null || createdFrom != null || createdTo != null || !stages.isEmpty();
    }

    public enum Sort {
        NEWEST, OLDEST, NAME, COMPANY
    }
}
