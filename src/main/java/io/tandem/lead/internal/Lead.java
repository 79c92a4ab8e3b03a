package io.tandem.lead.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.tandem.lead.LeadField;
import io.tandem.shared.Jsonb;

/**
 * One person in the lead pool. Every change of its data goes through a method here, which returns what changed so
 * the history can record it. {@link LeadStore} loads leads with a locking select and writes them in batches, for one
 * lead as for five thousand (see docs/adr/0003).
 */
public class Lead {

    private UUID id;
    private String name;
    private String email;
    private String phone;
    private String company;
    private String title;
    private String industry;
    private String companySize;
    private String province;
    private String city;
    private String country;
    private String source;
    private String sourceDetail;
    private UUID firstCampaignId;
    private UUID accountId;
    private UUID ownerId;
    private UUID sdrId;
    private UUID pendingRepId;
    private Set<String> tags = new TreeSet<>();
    private Jsonb custom = Jsonb.EMPTY_OBJECT;
    private String dedupeKey;
    private Instant createdAt;
    private Instant updatedAt;
    private String createdVia;
    private UUID mergedInto;
    private String stage = io.tandem.lifecycle.Stage.LEAD;
    private Instant stageChangedAt;
    private Integer version;

    private Map<String, Object> customValues;
    private boolean isNew;
    private boolean dirty;
    private boolean accountStale;
    private boolean dedupeKeyStale;
    private String companyKey;

    Lead() {
    }

    static Lead create(UUID id, String createdVia, Instant now) {
        Lead lead = new Lead();
        lead.id = id;
        lead.createdVia = createdVia;
        lead.createdAt = now;
        lead.updatedAt = now;
        lead.customValues = new LinkedHashMap<>();
        lead.isNew = true;
        return lead;
    }

    String get(LeadField field) {
        return switch (field) {
            case NAME -> name;
            case EMAIL -> email;
            case PHONE -> phone;
            case COMPANY -> company;
            case TITLE -> title;
            case INDUSTRY -> industry;
            case COMPANY_SIZE -> companySize;
            case PROVINCE -> province;
            case CITY -> city;
            case COUNTRY -> country;
            case SOURCE -> source;
            case SOURCE_DETAIL -> sourceDetail;
        };
    }

    private void set(LeadField field, String value) {
        switch (field) {
            case NAME -> name = value;
            case EMAIL -> email = value;
            case PHONE -> phone = value;
            case COMPANY -> company = value;
            case TITLE -> title = value;
            case INDUSTRY -> industry = value;
            case COMPANY_SIZE -> companySize = value;
            case PROVINCE -> province = value;
            case CITY -> city = value;
            case COUNTRY -> country = value;
            case SOURCE -> source = value;
            case SOURCE_DETAIL -> sourceDetail = value;
        }
        if (field == LeadField.COMPANY || field == LeadField.EMAIL) {
            accountStale = true;
        }
        if (field == LeadField.NAME || field == LeadField.COMPANY) {
            dedupeKeyStale = true;
        }
        if (field == LeadField.COMPANY) {
            companyKey = null;
        }
    }

    /** The normalised company name, computed once per change: the intake path asks for it several times per lead. */
    String companyKey() {
        if (companyKey == null && company != null) {
            companyKey = CompanyNames.key(company);
        }
        return companyKey;
    }

    static String dedupeKeyOf(String name, String company) {
        return dedupeKeyFrom(name, CompanyNames.key(company));
    }

    private static String dedupeKeyFrom(String name, String companyKey) {
        if (name == null || companyKey == null) {
            return null;
        }
        return name.strip().toLowerCase(Locale.ROOT) + "|" + companyKey;
    }

    /**
     * Takes what a capture knows. The first source and creation time are facts of the first capture and never
     * change; everything else takes the newer non-blank value, and blanks never erase.
     *
     * @return field → {old, new} for the lead's history
     */
    Map<String, String[]> absorb(Candidate candidate) {
        // A new lead has no history to write: its changes are not even listed.
        Map<String, String[]> changes = isNew ? null : new LinkedHashMap<>();
        for (Map.Entry<LeadField, String> entry : candidate.fields().entrySet()) {
            LeadField field = entry.getKey();
            String value = entry.getValue();
            if (value == null || (!isNew && (field == LeadField.SOURCE || field == LeadField.SOURCE_DETAIL))) {
                continue;
            }
            String old = get(field);
            if (!value.equals(old)) {
                set(field, value);
                changed(changes, field.apiName(), old, value);
            }
        }
        if (firstCampaignId == null && candidate.campaignId() != null) {
            firstCampaignId = candidate.campaignId();
            if (!isNew) {
                changed(changes, "campaign", null, candidate.campaignId().toString());
            }
        }
        if (candidate.ownerId() != null && !candidate.ownerId().equals(ownerId)) {
            changed(changes, "owner", Objects.toString(ownerId, null), candidate.ownerId().toString());
            ownerId = candidate.ownerId();
        }
        for (String tag : candidate.tags()) {
            if (tags.add(tag)) {
                changed(changes, "tags", null, changes == null ? null : String.join(", ", tags));
            }
        }
        for (Map.Entry<String, Object> entry : candidate.custom().entrySet()) {
            Object old = customValues().get(entry.getKey());
            if (!Objects.equals(old, entry.getValue())) {
                customValues().put(entry.getKey(), entry.getValue());
                changed(changes, "custom." + entry.getKey(), Objects.toString(old, null),
                        Objects.toString(entry.getValue(), null));
            }
        }
        if (isNew && candidate.capturedAt() != null && candidate.capturedAt().isBefore(createdAt)) {
            createdAt = candidate.capturedAt();
        }
        return changes == null ? Map.of() : changes;
    }

    private void changed(Map<String, String[]> changes, String field, String old, String value) {
        dirty = true;
        if (changes != null) {
            changes.put(field, new String[] { old, value });
        }
    }

    /** A person edits the lead by hand: blanks do erase here. */
    Map<String, String[]> edit(Map<LeadField, String> values) {
        Map<String, String[]> changes = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            if (field == LeadField.SOURCE) {
                return;
            }
            String old = get(field);
            if (!Objects.equals(old, value)) {
                set(field, value);
                changes.put(field.apiName(), new String[] { old, value });
            }
        });
        dirty |= !changes.isEmpty();
        return changes;
    }

    Map<String, String[]> assignTo(UUID newOwner) {
        if (Objects.equals(ownerId, newOwner)) {
            return Map.of();
        }
        Map<String, String[]> change = Map.of("owner",
                new String[] { Objects.toString(ownerId, null), Objects.toString(newOwner, null) });
        ownerId = newOwner;
        dirty = true;
        return change;
    }

    Map<String, String[]> tag(Set<String> added, Set<String> removed) {
        String before = String.join(", ", tags);
        boolean changed = tags.addAll(added) | tags.removeAll(removed);
        if (!changed) {
            return Map.of();
        }
        dirty = true;
        return Map.of("tags", new String[] { before, String.join(", ", tags) });
    }

    /**
     * Absorbs a duplicate: blanks are filled from it, tags and custom values united, and the older of the two keeps
     * its original source and creation time.
     */
    Map<String, String[]> absorbDuplicate(Lead duplicate) {
        Map<String, String[]> changes = new LinkedHashMap<>();
        for (LeadField field : LeadField.values()) {
            if (field == LeadField.SOURCE || field == LeadField.SOURCE_DETAIL) {
                continue;
            }
            if (get(field) == null && duplicate.get(field) != null) {
                set(field, duplicate.get(field));
                changes.put(field.apiName(), new String[] { null, duplicate.get(field) });
            }
        }
        if (duplicate.createdAt.isBefore(createdAt)) {
            createdAt = duplicate.createdAt;
            changes.put("source", new String[] { source, duplicate.source });
            source = duplicate.source;
            sourceDetail = duplicate.sourceDetail;
            firstCampaignId = duplicate.firstCampaignId != null ? duplicate.firstCampaignId : firstCampaignId;
        } else if (firstCampaignId == null) {
            firstCampaignId = duplicate.firstCampaignId;
        }
        if (ownerId == null && duplicate.ownerId != null) {
            ownerId = duplicate.ownerId;
            changes.put("owner", new String[] { null, duplicate.ownerId.toString() });
        }
        if (tags.addAll(duplicate.tags)) {
            changes.put("tags", new String[] { null, String.join(", ", tags) });
        }
        duplicate.customValues().forEach((key, value) -> {
            if (customValues().putIfAbsent(key, value) == null) {
                changes.put("custom." + key, new String[] { null, Objects.toString(value, null) });
            }
        });
        dirty = true;
        return changes;
    }

    /**
     * Moves the lead to another stage of the waterfall, if the stage model allows that transition.
     *
     * @throws io.tandem.shared.BadInputException naming both stages when the move is not allowed
     */
    StageChange moveTo(String target, io.tandem.lifecycle.StageModel model, Instant now) {
        if (model.stage(target).isEmpty()) {
            throw io.tandem.shared.BadInputException.of(
                    io.tandem.shared.BadInputException.FieldProblem.of("stage", "stage.unknown", target));
        }
        if (target.equals(stage) || !model.allows(stage, target)) {
            throw io.tandem.shared.BadInputException.of(
                    io.tandem.shared.BadInputException.FieldProblem.of("stage", "stage.illegal", stage, target));
        }
        requireNoPendingTransfer();
        if (io.tandem.lifecycle.Stage.SAL.equals(target)) {
            // Sales accepts a lead only by answering a transfer; nobody else can declare it accepted.
            throw problem("stage", "handoff.salOnlyByAcceptance");
        }
        if (ownedBySales(model) && model.stage(target).map(s -> s.pool() == io.tandem.lifecycle.StagePool.MARKETING)
                .orElse(false)) {
            // Sales hands the person back to marketing (recycling): the SDR who worked it takes it again.
            ownerId = sdrId;
        }
        return enter(target, now);
    }

    record StageChange(UUID leadId, String from, String to, Instant at) {
    }

    /**
     * An SDR takes a lead of the MQL queue. A lead someone else already works stays theirs: claiming is for free
     * leads, and re-assigning is a manager's decision.
     */
    Map<String, String[]> claimBy(UUID sdr, Instant now) {
        requireNoPendingTransfer();
        if (!io.tandem.lifecycle.Stage.MQL.equals(stage)) {
            throw problem("stage", "handoff.claimOnlyMql", stage);
        }
        if (ownerId != null && !ownerId.equals(sdr)) {
            throw problem("owner", "handoff.claimedByOther");
        }
        Map<String, String[]> change = ownerId == null
                ? Map.of("owner", new String[] { null, sdr.toString() }) : Map.of();
        ownerId = sdr;
        sdrId = sdr;
        updatedAt = now;
        dirty = true;
        return change;
    }

    /** Sales gives the lead up to the public pool (公海): it stays in its sales stage, owned by nobody. */
    Map<String, String[]> releaseToPublicPool(io.tandem.lifecycle.StageModel model, Instant now) {
        if (ownerId == null || pendingRepId != null || !inSalesPool(model)) {
            return Map.of();
        }
        Map<String, String[]> change = Map.of("owner", new String[] { ownerId.toString(), null });
        ownerId = null;
        updatedAt = now;
        dirty = true;
        return change;
    }

    /** A rep takes a lead of the public pool. */
    Map<String, String[]> claimFromPublicPool(UUID rep, io.tandem.lifecycle.StageModel model, Instant now) {
        if (ownerId != null || !inSalesPool(model)) {
            throw problem("owner", "publicPool.notInPool");
        }
        ownerId = rep;
        updatedAt = now;
        dirty = true;
        return Map.of("owner", new String[] { null, rep.toString() });
    }

    private boolean inSalesPool(io.tandem.lifecycle.StageModel model) {
        return model.stage(stage).map(s -> s.pool() == io.tandem.lifecycle.StagePool.SALES).orElse(false);
    }

    /** A routing rule gives a free MQL to someone; a lead that is no longer free is left as it is. */
    Map<String, String[]> routeTo(UUID user, Instant now) {
        if (!io.tandem.lifecycle.Stage.MQL.equals(stage) || pendingRepId != null || ownerId != null) {
            return Map.of();
        }
        ownerId = user;
        sdrId = user;
        updatedAt = now;
        dirty = true;
        return Map.of("owner", new String[] { null, user.toString() });
    }

    /**
     * Takes a neglected MQL back to the queue: free again for any SDR. Nothing happens to a lead that is no longer a
     * held MQL or that awaits a rep's answer.
     */
    Map<String, String[]> takeBack(Instant now) {
        if (!io.tandem.lifecycle.Stage.MQL.equals(stage) || pendingRepId != null || ownerId == null) {
            return Map.of();
        }
        Map<String, String[]> change = Map.of("owner", new String[] { ownerId.toString(), null });
        ownerId = null;
        sdrId = null;
        updatedAt = now;
        dirty = true;
        return change;
    }

    /**
     * Transfers the lead out to a sales rep (转出). The lead stays an MQL in marketing's pool until the rep answers;
     * only an accepted transfer makes it SAL.
     */
    Map<String, String[]> transferTo(UUID rep, UUID sdr, Instant now) {
        requireNoPendingTransfer();
        if (!io.tandem.lifecycle.Stage.MQL.equals(stage)) {
            throw problem("stage", "handoff.transferOnlyMql", stage);
        }
        if (rep.equals(sdr)) {
            throw problem("rep", "handoff.notToYourself");
        }
        pendingRepId = rep;
        sdrId = sdr;
        updatedAt = now;
        dirty = true;
        return Map.of("transfer", new String[] { null, rep.toString() });
    }

    /** The rep the transfer awaits accepts it: the lead becomes theirs and sales accepted (SAL). */
    StageChange acceptTransfer(UUID rep, io.tandem.lifecycle.StageModel model, Instant now) {
        requirePendingTransferTo(rep);
        pendingRepId = null;
        ownerId = rep;
        return enter(io.tandem.lifecycle.Stage.SAL, now);
    }

    /**
     * The company's CRM reports that sales accepted a lead transferred out to it: it becomes SAL. Its owner stays the
     * person who works it in Tandem; who owns it in the CRM is the CRM's record.
     */
    StageChange acceptInCrm(Instant now) {
        requireNoPendingTransfer();
        if (!io.tandem.lifecycle.Stage.MQL.equals(stage)) {
            throw problem("stage", "handoff.transferOnlyMql", stage);
        }
        return enter(io.tandem.lifecycle.Stage.SAL, now);
    }

    /** The rep refuses the transfer: the lead goes back to marketing's Nurture, still with its SDR. */
    StageChange rejectTransfer(UUID rep, io.tandem.lifecycle.StageModel model, Instant now) {
        requirePendingTransferTo(rep);
        pendingRepId = null;
        ownerId = sdrId;
        return enter(io.tandem.lifecycle.Stage.NURTURE, now);
    }

    private StageChange enter(String target, Instant now) {
        StageChange change = new StageChange(id, stage, target, now);
        stage = target;
        stageChangedAt = now;
        updatedAt = now;
        dirty = true;
        return change;
    }

    private void requireNoPendingTransfer() {
        if (pendingRepId != null) {
            throw problem("stage", "handoff.pending");
        }
    }

    private void requirePendingTransferTo(UUID rep) {
        if (pendingRepId == null || !pendingRepId.equals(rep)) {
            throw problem("handoff", "handoff.notPendingForYou");
        }
    }

    private static io.tandem.shared.BadInputException problem(String field, String key, Object... args) {
        return io.tandem.shared.BadInputException.of(
                io.tandem.shared.BadInputException.FieldProblem.of(field, key, args));
    }

    /** Whether marketing's outreach to this person is paused because sales works them now (no double following). */
    boolean ownedBySales(io.tandem.lifecycle.StageModel model) {
        return model.stage(stage).map(s -> s.pool() != io.tandem.lifecycle.StagePool.MARKETING).orElse(false);
    }

    /** In a merge the survivor stands where the further of the two stood in the waterfall. */
    void adoptStageIfFurther(Lead duplicate, io.tandem.lifecycle.StageModel model) {
        int mine = model.stage(stage).map(io.tandem.lifecycle.Stage::position).orElse(0);
        int theirs = model.stage(duplicate.stage).map(io.tandem.lifecycle.Stage::position).orElse(0);
        if (theirs > mine) {
            stage = duplicate.stage;
            stageChangedAt = duplicate.stageChangedAt;
            dirty = true;
        }
        if (sdrId == null && duplicate.sdrId != null) {
            sdrId = duplicate.sdrId;
            dirty = true;
        }
        if (pendingRepId == null && duplicate.pendingRepId != null) {
            pendingRepId = duplicate.pendingRepId;
            dirty = true;
        }
    }

    String stage() {
        return stage;
    }

    Instant stageChangedAt() {
        return stageChangedAt;
    }

    void markMergedInto(UUID survivor, Instant now) {
        if (survivor.equals(id)) {
            throw new IllegalArgumentException("A lead cannot be merged into itself");
        }
        mergedInto = survivor;
        updatedAt = now;
    }

    void touched(Instant now) {
        updatedAt = now;
    }

    Map<String, Object> customValues() {
        if (customValues == null) {
            customValues = CustomJson.read(custom);
        }
        return customValues;
    }

    /** Brings the JSON column in line with the values before the aggregate is saved. */
    void flushCustom() {
        if (customValues != null) {
            custom = CustomJson.write(customValues);
        }
    }

    void loadedForUpdate() {
        isNew = false;
    }

    void assignAccount(UUID account) {
        accountId = account;
        accountStale = false;
    }

    // accessors for the bulk path and read side
    UUID id() { return id; }
    UUID firstCampaignId() { return firstCampaignId; }
    UUID accountId() { return accountId; }
    UUID ownerId() { return ownerId; }
    UUID sdrId() { return sdrId; }
    UUID pendingRepId() { return pendingRepId; }

    void workedBy(UUID sdr, UUID pendingRep) {
        sdrId = sdr;
        pendingRepId = pendingRep;
    }
    Set<String> tags() { return tags; }
    String dedupeKey() {
        if (dedupeKeyStale) {
            dedupeKey = dedupeKeyFrom(name, companyKey());
            dedupeKeyStale = false;
        }
        return dedupeKey;
    }
    Instant createdAt() { return createdAt; }
    Instant updatedAt() { return updatedAt; }
    String createdVia() { return createdVia; }
    UUID mergedInto() { return mergedInto; }
    boolean isNew() { return isNew; }
    boolean isDirty() { return dirty; }
    boolean accountStale() { return accountStale; }

    /** Rebuilds a lead from a row read by {@link LeadStore}. */
    static Lead fromRow(UUID id, Map<LeadField, String> fields, UUID firstCampaignId, UUID accountId, UUID ownerId,
            Set<String> tags, Jsonb custom, Instant createdAt, Instant updatedAt, String createdVia,
            int version, String stage, Instant stageChangedAt) {
        Lead lead = new Lead();
        lead.stage = stage;
        lead.stageChangedAt = stageChangedAt;
        lead.id = id;
        fields.forEach((field, value) -> {
            if (value != null) {
                lead.set(field, value);
            }
        });
        lead.accountStale = false;
        lead.firstCampaignId = firstCampaignId;
        lead.accountId = accountId;
        lead.ownerId = ownerId;
        lead.tags = new TreeSet<>(tags);
        lead.custom = custom;
        lead.createdAt = createdAt;
        lead.updatedAt = updatedAt;
        lead.createdVia = createdVia;
        lead.version = version;
        return lead;
    }
}
