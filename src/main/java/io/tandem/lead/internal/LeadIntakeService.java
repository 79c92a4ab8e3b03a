package io.tandem.lead.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.IntakeResult;
import io.tandem.lead.IntakeResult.Outcome;
import io.tandem.lead.LeadData;
import io.tandem.lead.LeadField;
import io.tandem.lead.LeadIntake;
import io.tandem.lead.LeadsCaptured;
import io.tandem.lead.PersonRef;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.Ids;

/**
 * One person, once. Groups the items of a capture by shared identities, claims each group's identities, joins the
 * groups whose identities other leads hold to those leads, and writes creations and updates set-based: a few
 * statements per call whatever its size.
 */
@Service
class LeadIntakeService implements LeadIntake {

    private final CandidateValidator validator;
    private final LeadStore store;
    private final AccountResolver accounts;
    private final LeadMerger merger;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LeadIntakeService(CandidateValidator validator, LeadStore store, AccountResolver accounts, LeadMerger merger,
            AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.validator = validator;
        this.store = store;
        this.accounts = accounts;
        this.merger = merger;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Override
    @Transactional
    public IntakeResult capture(List<LeadData> items, CaptureContext context) {
        IntakeResult.Item[] results = new IntakeResult.Item[items.size()];
        List<Candidate> candidates = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            CandidateValidator.Validated validated = validator.validate(i, items.get(i), context.channel());
            if (validated instanceof CandidateValidator.Valid valid) {
                candidates.add(valid.candidate());
            } else if (validated instanceof CandidateValidator.Invalid invalid) {
                results[i] = new IntakeResult.Item(i, null, Outcome.INVALID, invalid.problems());
            }
        }
        for (Placed placed : place(candidates, context)) {
            results[placed.candidate().index()] = new IntakeResult.Item(placed.candidate().index(), placed.leadId(),
                    placed.outcome(), List.of());
        }
        return new IntakeResult(List.of(results));
    }

    @Override
    public List<List<FieldProblem>> validate(List<LeadData> items, CaptureChannel channel) {
        List<List<FieldProblem>> problems = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            CandidateValidator.Validated validated = validator.validate(i, items.get(i), channel);
            problems.add(validated instanceof CandidateValidator.Invalid invalid ? invalid.problems() : List.of());
        }
        return problems;
    }

    @Override
    @Transactional
    public Resolution resolve(List<PersonRef> people, CaptureContext context) {
        Referenced referenced = referenced(people, context.channel());
        for (Placed placed : place(referenced.candidates(), context)) {
            referenced.leadIds()[placed.candidate().index()] = placed.leadId();
        }
        return new Resolution(java.util.Arrays.asList(referenced.leadIds()),
                java.util.Arrays.asList(referenced.problems()));
    }

    @Override
    public List<UUID> findKnown(List<PersonRef> people, CaptureChannel channel) {
        Referenced referenced = referenced(people, channel);
        UUID[] leadIds = referenced.leadIds();
        List<PersonGroups.Group> groups = PersonGroups.of(referenced.candidates());
        Map<IdentityKey, UUID> owners = owners(groups);
        for (PersonGroups.Group group : groups) {
            // Known means resolve would claim nothing and meet no other lead: every key has the same owner.
            Set<UUID> groupOwners = new HashSet<>();
            group.keys().forEach(key -> groupOwners.add(owners.get(key)));
            if (groupOwners.size() == 1 && !groupOwners.contains(null)) {
                UUID owner = groupOwners.iterator().next();
                group.members().forEach(member -> leadIds[member.index()] = owner);
            }
        }
        return java.util.Arrays.asList(leadIds);
    }

    /**
     * People as references: those named by lead id are followed to the lead that survived their merges; the others
     * are validated into candidates, or get a problem.
     */
    private record Referenced(UUID[] leadIds, String[] problems, List<Candidate> candidates) {
    }

    private Referenced referenced(List<PersonRef> people, CaptureChannel channel) {
        UUID[] leadIds = new UUID[people.size()];
        String[] problems = new String[people.size()];
        List<Candidate> candidates = new ArrayList<>();
        Set<UUID> byId = new HashSet<>();
        for (int i = 0; i < people.size(); i++) {
            PersonRef person = people.get(i);
            if (person.leadId() != null) {
                byId.add(person.leadId());
                continue;
            }
            LeadData data = LeadData.builder().email(person.email()).phone(person.phone())
                    .anonymousId(person.anonymousId()).build();
            CandidateValidator.Validated validated = validator.validate(i, data, channel);
            if (validated instanceof CandidateValidator.Valid valid) {
                candidates.add(valid.candidate());
            } else if (validated instanceof CandidateValidator.Invalid invalid) {
                problems[i] = invalid.problems().stream().map(p -> p.field() + ": " + p.message())
                        .reduce((a, b) -> a + "; " + b).orElse("invalid");
            }
        }
        Map<UUID, UUID> survivors = store.survivorsOf(byId);
        for (int i = 0; i < people.size(); i++) {
            UUID leadId = people.get(i).leadId();
            if (leadId != null) {
                leadIds[i] = survivors.get(leadId);
                if (leadIds[i] == null) {
                    problems[i] = "leadId: lead " + leadId + " does not exist";
                }
            }
        }
        return new Referenced(leadIds, problems, candidates);
    }

    /** Who holds each identity key of the groups now. */
    private Map<IdentityKey, UUID> owners(List<PersonGroups.Group> groups) {
        Set<IdentityKey> allKeys = new HashSet<>();
        groups.forEach(group -> allKeys.addAll(group.keys()));
        return store.lookup(allKeys);
    }

    @Override
    @Transactional
    public void recordConsent(UUID leadId, String purpose, boolean granted, String textVersion, String source,
            io.tandem.shared.Actor actor) {
        store.consent(leadId, purpose, granted, textVersion, source, actor.origin(), clock.instant());
    }

    private record Placed(Candidate candidate, UUID leadId, Outcome outcome) {
    }

    /** Where one group of items goes: a new lead, or an existing one. */
    private static final class Target {
        final PersonGroups.Group group;
        UUID leadId;
        boolean isNew;
        /** An existing lead that gains a key of this capture: its row shows the new email or mobile. */
        boolean gainsKeys;
        final Set<UUID> otherMatches = new LinkedHashSet<>();
        final Set<IdentityKey> keysOfOthers = new HashSet<>();

        Target(PersonGroups.Group group) {
            this.group = group;
        }

        boolean needsWrite() {
            return isNew || gainsKeys || group.members().stream().anyMatch(c -> !c.identityOnly());
        }
    }

    private List<Placed> place(List<Candidate> candidates, CaptureContext context) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        // Every group claims all its keys for a lead of its own; the keys other leads hold already come back with
        // those leads, and the group joins them. Most keys of a capture are new, so this is one statement where a
        // look-up first would be two.
        List<Target> targets = new ArrayList<>();
        Map<IdentityKey, UUID> claims = new HashMap<>();
        for (PersonGroups.Group group : PersonGroups.of(candidates)) {
            Target target = new Target(group);
            target.leadId = Ids.next();
            target.isNew = true;
            group.keys().forEach(key -> claims.put(key, target.leadId));
            targets.add(target);
        }
        Map<IdentityKey, UUID> heldByOthers = store.claim(claims, now);
        if (!heldByOthers.isEmpty()) {
            joinHolders(targets, heldByOthers);
        }

        Map<UUID, Lead> existing = store.loadForUpdate(targets.stream()
                .filter(t -> !t.isNew && t.needsWrite()).map(t -> t.leadId).toList());
        Map<UUID, Lead> fresh = new LinkedHashMap<>();
        List<LeadStore.HistoryRow> history = new ArrayList<>();
        List<Placed> placed = new ArrayList<>(candidates.size());
        Set<UUID> anonymousCandidates = new HashSet<>();
        for (Target target : targets) {
            Lead lead = target.isNew ? fresh.computeIfAbsent(target.leadId,
                    id -> Lead.create(id, context.createdVia(), now)) : existing.get(target.leadId);
            boolean first = true;
            for (Candidate candidate : target.group.members()) {
                if (lead != null) {
                    Map<String, String[]> changes = lead.absorb(withoutKeysOfOthers(candidate, target));
                    if (!lead.isNew()) {
                        changes.forEach((field, values) -> history.add(new LeadStore.HistoryRow(lead.id(), now,
                                "FIELD_CHANGED", field, values[0], values[1], context.actor().name(),
                                context.actor().origin())));
                    }
                }
                placed.add(new Placed(candidate, target.leadId, target.isNew && first ? Outcome.CREATED
                        : Outcome.UPDATED));
                first = false;
            }
            anonymousCandidates.addAll(target.otherMatches);
        }

        List<Lead> updated = existing.values().stream().filter(Lead::isDirty).toList();
        updated.forEach(lead -> lead.touched(now));
        List<Lead> all = new ArrayList<>(fresh.values());
        all.addAll(updated);
        accounts.assign(all, now);
        Map<String, List<LeadStore.Dated>> sameNameAndCompany = othersWithTheSameNameAndCompany(all);
        store.insert(List.copyOf(fresh.values()));
        store.update(updated);
        store.history(history);
        suggestSameNameAndCompany(all, sameNameAndCompany, now);
        suggestOrMergeConflicts(targets, anonymousCandidates, context, now);
        announce(List.copyOf(fresh.keySet()), updated.stream().map(Lead::id).toList(), context, now);
        return placed;
    }

    /**
     * Some keys belong to other leads already (or another transaction claimed them a moment earlier). A group that
     * was about to become a new lead joins the lead that holds its strongest such key, and the keys it claimed move
     * along; any further lead holding one of its keys becomes a suspected duplicate.
     */
    private void joinHolders(List<Target> targets, Map<IdentityKey, UUID> holders) {
        Map<UUID, UUID> moves = new HashMap<>();
        for (Target target : targets) {
            for (IdentityKey key : target.group.keys()) {
                UUID holder = holders.get(key);
                if (holder == null || holder.equals(target.leadId)) {
                    continue;
                }
                if (target.isNew) {
                    moves.put(target.leadId, holder);
                    target.leadId = holder;
                    target.isNew = false;
                    target.gainsKeys = !holders.keySet().containsAll(target.group.keys());
                } else {
                    target.otherMatches.add(holder);
                    target.keysOfOthers.add(key);
                }
            }
        }
        store.moveIdentities(moves);
    }

    /** A key that belongs to another lead must not be copied onto this one as its email or phone. */
    private static Candidate withoutKeysOfOthers(Candidate candidate, Target target) {
        if (target.keysOfOthers.isEmpty()) {
            return candidate;
        }
        EnumMap<LeadField, String> fields = new EnumMap<>(candidate.fields());
        for (IdentityKey key : target.keysOfOthers) {
            if (key.kind() == IdentityKey.Kind.EMAIL && key.value().equals(fields.get(LeadField.EMAIL))) {
                fields.remove(LeadField.EMAIL);
            }
            if (key.kind() == IdentityKey.Kind.PHONE && key.value().equals(fields.get(LeadField.PHONE))) {
                fields.remove(LeadField.PHONE);
            }
        }
        return new Candidate(candidate.index(), fields, candidate.keys(), candidate.campaignId(), candidate.tags(),
                candidate.custom(), candidate.capturedAt(), candidate.ownerId());
    }

    /**
     * The other leads that share a name-and-company key with these leads, read before these are written: the lookup
     * then meets only leads that already exist (most keys meet none) rather than every lead of the batch again.
     */
    private Map<String, List<LeadStore.Dated>> othersWithTheSameNameAndCompany(List<Lead> leads) {
        Set<UUID> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Lead lead : leads) {
            ids.add(lead.id());
            if (lead.dedupeKey() != null) {
                keys.add(lead.dedupeKey());
            }
        }
        Map<String, List<LeadStore.Dated>> others = store.leadsByDedupeKey(keys);
        // A lead of this batch that exists already is counted with the batch, under the key it has now.
        others.values().forEach(sameKey -> sameKey.removeIf(other -> ids.contains(other.id())));
        return others;
    }

    private void suggestSameNameAndCompany(List<Lead> leads, Map<String, List<LeadStore.Dated>> others,
            Instant now) {
        Map<String, List<UUID>> touchedByKey = new HashMap<>();
        Map<String, List<LeadStore.Dated>> byKey = new HashMap<>();
        for (Lead lead : leads) {
            if (lead.dedupeKey() != null) {
                touchedByKey.computeIfAbsent(lead.dedupeKey(), k -> new ArrayList<>()).add(lead.id());
                byKey.computeIfAbsent(lead.dedupeKey(), k -> new ArrayList<>(others.getOrDefault(k, List.of())))
                        .add(new LeadStore.Dated(lead.id(), lead.createdAt()));
            }
        }
        List<List<UUID>> pairs = new ArrayList<>();
        byKey.forEach((key, sameKey) -> {
            if (sameKey.size() < 2) {
                return;
            }
            // A very common name at a big company would pair everybody with everybody; the oldest few suffice.
            sameKey.sort(java.util.Comparator.comparing(LeadStore.Dated::createdAt));
            List<UUID> anchors = sameKey.subList(0, Math.min(3, sameKey.size())).stream().map(LeadStore.Dated::id)
                    .toList();
            for (UUID touched : touchedByKey.get(key)) {
                for (UUID anchor : anchors) {
                    if (!anchor.equals(touched)) {
                        pairs.add(List.of(anchor, touched));
                    }
                }
            }
        });
        store.suggestDuplicates(pairs, "SAME_NAME_AND_COMPANY", now);
    }

    /**
     * Identities of one person pointing at several leads: an anonymous visitor profile simply joins the person it
     * turned out to be; two known leads are left for a person to decide.
     */
    private void suggestOrMergeConflicts(List<Target> targets, Set<UUID> others, CaptureContext context,
            Instant now) {
        if (others.isEmpty()) {
            return;
        }
        Set<UUID> anonymous = store.anonymousAmong(others);
        List<List<UUID>> pairs = new ArrayList<>();
        Set<UUID> mergedAway = new HashSet<>();
        for (Target target : targets) {
            for (UUID other : target.otherMatches) {
                if (anonymous.contains(other) && mergedAway.add(other)) {
                    merger.merge(target.leadId, other, context.actor(), "identified visitor");
                } else if (!anonymous.contains(other)) {
                    pairs.add(List.of(target.leadId, other));
                }
            }
        }
        store.suggestDuplicates(pairs, "SHARED_IDENTITY", now);
    }

    private void announce(List<UUID> created, List<UUID> updated, CaptureContext context, Instant now) {
        if (created.isEmpty() && updated.isEmpty()) {
            return;
        }
        if (context.channel() != CaptureChannel.IMPORT && context.channel() != CaptureChannel.DEMO) {
            String via = "via " + context.createdVia();
            audit.recordAll(context.actor(), AuditAction.CREATED, "lead", created, via);
            audit.recordAll(context.actor(), AuditAction.UPDATED, "lead", updated, via);
        }
        events.publishEvent(new LeadsCaptured(created, updated, context.channel(), now));
    }
}
