package io.tandem.lead;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Read access to leads for pages, the API and other modules. */
public interface LeadDirectory {

    /** A merged lead's id finds its survivor. */
    Optional<LeadView> find(UUID id);

    Map<UUID, LeadSummary> summaries(Collection<UUID> ids);

    /** The custom fields of these leads, by key (leads without any map to an empty map). */
    Map<UUID, Map<String, Object>> customFields(Collection<UUID> ids);

    LeadPage search(LeadQuery query);

    /** Counts matches, but stops at {@code cap}: pages never count a million rows. */
    long countUpTo(LeadQuery query, int cap);

    /** PostgreSQL's estimate of the pool's size, for the unfiltered list. */
    long estimatedTotal();

    /** Streams every match in the query's order, for exports. */
    void forEach(LeadQuery query, Consumer<LeadSummary> consumer);

    List<HistoryEntry> history(UUID leadId, int limit);

    /** Every move of the lead through the waterfall, oldest first. */
    List<StageChangeView> stageHistory(UUID leadId);

    /** Who holds a lead now: its stage, owner, the SDR who worked it and the rep a transfer awaits. */
    record Holders(String stage, UUID ownerId, UUID sdrId, UUID pendingRepId) {
    }

    /** {@link Holders} of these leads, without anything else: cheap enough for rules that run with every batch. */
    Map<UUID, Holders> holders(Collection<UUID> ids);

    /** How many live leads each person owns in these stages (e.g. the open ones, for a routing pool's capacity). */
    Map<UUID, Long> ownedCounts(Collection<UUID> owners, Collection<String> stages);

    /** Who owns each of these accounts (accounts without an owner are left out). */
    Map<UUID, UUID> accountOwners(Collection<UUID> accountIds);

    /** The first time the lead entered each stage, kept through recycling. */
    Map<String, java.time.Instant> stageDates(UUID leadId);
}
