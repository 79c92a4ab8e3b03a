package io.tandem.activity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.activity.ActivitiesRecorded;
import io.tandem.activity.ActivityRecorder;
import io.tandem.activity.ActivityType;
import io.tandem.activity.NewActivity;
import io.tandem.activity.RecordedActivity;
import io.tandem.activity.RecordingResult;
import io.tandem.activity.RecordingResult.Rejection;
import io.tandem.campaign.CampaignCatalog;
import io.tandem.campaign.CampaignMembers;
import io.tandem.campaign.Membership;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.LeadIntake;
import io.tandem.lead.PersonRef;
import io.tandem.shared.Actor;
import io.tandem.shared.Ids;
import io.tandem.shared.db.SqlArrays;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records batches of activities with a handful of statements whatever the batch size: one lookup of the people known
 * already, one insert of their activities, one identity resolution and one insert for the others, and one membership
 * upsert.
 */
@Service
class ActivityService implements ActivityRecorder {

    static final int MAX_PROPERTIES_BYTES = 16 * 1024;
    static final int MAX_EVENT_ID = 200;

    private final JdbcClient jdbc;
    private final LeadIntake leads;
    private final CampaignCatalog campaigns;
    private final CampaignMembers members;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    ActivityService(JdbcClient jdbc, LeadIntake leads, CampaignCatalog campaigns, CampaignMembers members,
            ApplicationEventPublisher events, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.leads = leads;
        this.campaigns = campaigns;
        this.members = members;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    @Override
    @Transactional
    public RecordingResult record(List<NewActivity> activities, Actor actor, String sourceName) {
        Instant now = clock.instant();
        List<Rejection> rejections = new ArrayList<>();
        Set<UUID> campaignIds = new HashSet<>();
        activities.forEach(a -> {
            if (a.campaignId() != null) {
                campaignIds.add(a.campaignId());
            }
        });
        Set<UUID> knownCampaigns = campaigns.findAll(campaignIds).keySet();

        List<Integer> valid = new ArrayList<>();
        String[] propertiesJson = new String[activities.size()];
        Set<String> seenEventIds = new HashSet<>();
        int duplicates = 0;
        for (int i = 0; i < activities.size(); i++) {
            NewActivity activity = activities.get(i);
            Rejection rejection = check(i, activity, knownCampaigns, now);
            if (rejection == null && activity.properties() != null && !activity.properties().isEmpty()) {
                propertiesJson[i] = json.writeValueAsString(activity.properties());
                if (propertiesJson[i].length() > MAX_PROPERTIES_BYTES) {
                    rejection = new Rejection(i, activity.eventId(), "properties",
                            "must be at most " + MAX_PROPERTIES_BYTES + " bytes of JSON");
                }
            }
            if (rejection != null) {
                rejections.add(rejection);
            } else if (activity.eventId() != null && !seenEventIds.add(activity.eventId())) {
                duplicates++;
            } else {
                valid.add(i);
            }
        }
        // Event ids recorded before are found by the insert itself (on conflict do nothing): no lookup first.
        List<Integer> fresh = valid;

        List<PersonRef> people = fresh.stream().map(i -> activities.get(i).person()).toList();
        UUID[] activityIds = new UUID[fresh.size()];
        for (int n = 0; n < fresh.size(); n++) {
            activityIds[n] = Ids.next();
        }
        // The people Tandem knows are found without locks and their activities written first; the identities of new
        // people are claimed after. A claim holds its lock to the commit, and a concurrent batch that meets the same
        // new person waits for it: the less work follows the claims, the shorter that wait.
        UUID[] leadIds = leads.findKnown(people, CaptureChannel.ACTIVITY).toArray(UUID[]::new);
        List<Integer> unknown = new ArrayList<>();
        List<Integer> known = new ArrayList<>();
        for (int n = 0; n < fresh.size(); n++) {
            (leadIds[n] == null ? unknown : known).add(n);
        }
        Set<UUID> insertedIds = new HashSet<>(insert(rows(known, fresh, activities, activityIds, leadIds,
                propertiesJson), sourceName, now));
        if (!unknown.isEmpty()) {
            LeadIntake.Resolution resolution = leads.resolve(unknown.stream().map(people::get).toList(),
                    new CaptureContext(CaptureChannel.ACTIVITY, actor, "activity:" + sourceName));
            List<Integer> resolved = new ArrayList<>();
            for (int k = 0; k < unknown.size(); k++) {
                int n = unknown.get(k);
                leadIds[n] = resolution.leadIds().get(k);
                if (leadIds[n] != null) {
                    resolved.add(n);
                    continue;
                }
                int i = fresh.get(n);
                String problem = resolution.problems().get(k);
                int colon = problem == null ? -1 : problem.indexOf(':');
                rejections.add(new Rejection(i, activities.get(i).eventId(),
                        colon > 0 ? problem.substring(0, colon) : "lead",
                        colon > 0 ? problem.substring(colon + 1).strip() : "cannot identify the person"));
            }
            insertedIds.addAll(insert(rows(resolved, fresh, activities, activityIds, leadIds, propertiesJson),
                    sourceName, now));
        }
        // In the order of the batch, whichever write recorded them.
        List<RecordedActivity> recorded = new ArrayList<>(fresh.size());
        for (int n = 0; n < fresh.size(); n++) {
            if (leadIds[n] == null) {
                continue;
            }
            if (insertedIds.contains(activityIds[n])) {
                NewActivity activity = activities.get(fresh.get(n));
                recorded.add(new RecordedActivity(activityIds[n], leadIds[n], activity.type(), activity.campaignId(),
                        activity.occurredAt()));
            } else {
                duplicates++;
            }
        }
        int inserted = recorded.size();
        if (!recorded.isEmpty()) {
            members.record(memberships(recorded));
            events.publishEvent(new ActivitiesRecorded(List.copyOf(recorded), now));
        }
        rejections.sort(java.util.Comparator.comparingInt(Rejection::index));
        return new RecordingResult(inserted, duplicates, rejections);
    }

    private static Rejection check(int index, NewActivity activity, Set<UUID> knownCampaigns, Instant now) {
        if (activity.type() == null || activity.type().isBlank()) {
            return new Rejection(index, activity.eventId(), "type", "is required");
        }
        if (!ActivityType.isValid(activity.type())) {
            return new Rejection(index, activity.eventId(), "type", "\"" + activity.type()
                    + "\" is not a known type; custom types are written custom.<name>, e.g. custom.trial_started");
        }
        if (activity.occurredAt() == null) {
            return new Rejection(index, activity.eventId(), "occurredAt", "is required");
        }
        if (activity.occurredAt().isAfter(now.plusSeconds(300))) {
            return new Rejection(index, activity.eventId(), "occurredAt", "lies in the future");
        }
        if (activity.eventId() != null && (activity.eventId().isBlank() || activity.eventId().length() > MAX_EVENT_ID)) {
            return new Rejection(index, activity.eventId(), "eventId", "must have 1 to " + MAX_EVENT_ID + " characters");
        }
        if (activity.campaignId() != null && !knownCampaigns.contains(activity.campaignId())) {
            return new Rejection(index, activity.eventId(), "campaignId", "campaign " + activity.campaignId()
                    + " does not exist");
        }
        PersonRef person = activity.person();
        if (person == null || (person.leadId() == null && blank(person.email()) && blank(person.phone())
                && blank(person.anonymousId()))) {
            return new Rejection(index, activity.eventId(), "leadId",
                    "name the person by leadId, email, phone or anonymousId");
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** An activity to write: what was reported, the lead it belongs to, and the id it gets. */
    private record Row(RecordedActivity activity, String eventId, String properties) {
    }

    private static List<Row> rows(List<Integer> positions, List<Integer> fresh, List<NewActivity> activities,
            UUID[] activityIds, UUID[] leadIds, String[] propertiesJson) {
        List<Row> rows = new ArrayList<>(positions.size());
        for (int n : positions) {
            int i = fresh.get(n);
            NewActivity activity = activities.get(i);
            rows.add(new Row(new RecordedActivity(activityIds[n], leadIds[n], activity.type(), activity.campaignId(),
                    activity.occurredAt()), activity.eventId(), propertiesJson[i]));
        }
        return rows;
    }

    /** @return the ids written; a concurrent duplicate of an event id is skipped, not an error */
    private List<UUID> insert(List<Row> rows, String sourceName, Instant now) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<RecordedActivity> recorded = rows.stream().map(Row::activity).toList();
        return jdbc.sql("""
                insert into activity (id, lead_id, type, occurred_at, campaign_id, properties, source, external_id,
                                      recorded_at)
                select id, lead_id, type, occurred_at, campaign_id, properties::jsonb, :source, external_id, :now
                from unnest(:ids::uuid[], :leads::uuid[], :types::text[], :times::timestamptz[], :campaigns::uuid[],
                            :properties::text[], :eventIds::text[])
                     as a(id, lead_id, type, occurred_at, campaign_id, properties, external_id)
                on conflict (external_id) where external_id is not null do nothing
                returning id
                """)
                .param("source", sourceName)
                .param("now", now.atOffset(java.time.ZoneOffset.UTC))
                .param("ids", SqlArrays.uuids(recorded.stream().map(RecordedActivity::activityId).toList()))
                .param("leads", SqlArrays.uuids(recorded.stream().map(RecordedActivity::leadId).toList()))
                .param("types", recorded.stream().map(RecordedActivity::type).toArray(String[]::new))
                .param("times", SqlArrays.timestamps(recorded.stream().map(RecordedActivity::occurredAt).toList()))
                .param("campaigns", SqlArrays.uuids(recorded.stream().map(RecordedActivity::campaignId).toList()))
                .param("properties", rows.stream().map(Row::properties).toArray(String[]::new))
                .param("eventIds", rows.stream().map(Row::eventId).toArray(String[]::new))
                .query(UUID.class).list();
    }

    private static List<Membership> memberships(List<RecordedActivity> recorded) {
        List<Membership> memberships = new ArrayList<>();
        for (RecordedActivity activity : recorded) {
            if (activity.campaignId() == null) {
                continue;
            }
            ActivityType.known(activity.type()).flatMap(ActivityType::membership).ifPresent(status -> memberships
                    .add(new Membership(activity.campaignId(), activity.leadId(), status, activity.occurredAt())));
        }
        return memberships;
    }
}
