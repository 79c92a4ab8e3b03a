package io.tandem.activity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Records batches of activities with a handful of statements whatever the batch size: one lookup of known event ids,
 * one identity resolution, one insert, one membership upsert, one last-activity update.
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
        LeadIntake.Resolution resolution = leads.resolve(people,
                new CaptureContext(CaptureChannel.ACTIVITY, actor, "activity:" + sourceName));
        List<RecordedActivity> recorded = new ArrayList<>(fresh.size());
        List<String> eventIds = new ArrayList<>(fresh.size());
        List<String> properties = new ArrayList<>(fresh.size());
        for (int n = 0; n < fresh.size(); n++) {
            int i = fresh.get(n);
            NewActivity activity = activities.get(i);
            UUID leadId = resolution.leadIds().get(n);
            if (leadId == null) {
                String problem = resolution.problems().get(n);
                int colon = problem == null ? -1 : problem.indexOf(':');
                rejections.add(new Rejection(i, activity.eventId(), colon > 0 ? problem.substring(0, colon) : "lead",
                        colon > 0 ? problem.substring(colon + 1).strip() : "cannot identify the person"));
                continue;
            }
            recorded.add(new RecordedActivity(Ids.next(), leadId, activity.type(), activity.campaignId(),
                    activity.occurredAt()));
            eventIds.add(activity.eventId());
            properties.add(propertiesJson[i]);
        }
        Set<UUID> insertedIds = insert(recorded, eventIds, properties, sourceName, now);
        duplicates += recorded.size() - insertedIds.size();
        if (insertedIds.size() < recorded.size()) {
            recorded.removeIf(activity -> !insertedIds.contains(activity.activityId()));
        }
        int inserted = recorded.size();
        if (!recorded.isEmpty()) {
            members.record(memberships(recorded));
            Map<UUID, Instant> latest = new HashMap<>();
            recorded.forEach(a -> latest.merge(a.leadId(), a.occurredAt(), (x, y) -> x.isAfter(y) ? x : y));
            leads.touch(latest);
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

    /** @return the ids written; a concurrent duplicate of an event id is skipped, not an error */
    private Set<UUID> insert(List<RecordedActivity> recorded, List<String> eventIds, List<String> properties,
            String sourceName, Instant now) {
        if (recorded.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
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
                .param("ids", recorded.stream().map(RecordedActivity::activityId).toArray(UUID[]::new))
                .param("leads", recorded.stream().map(RecordedActivity::leadId).toArray(UUID[]::new))
                .param("types", recorded.stream().map(RecordedActivity::type).toArray(String[]::new))
                .param("times", SqlArrays.timestamps(recorded.stream().map(RecordedActivity::occurredAt).toList()))
                .param("campaigns", recorded.stream().map(RecordedActivity::campaignId).toArray(UUID[]::new))
                .param("properties", properties.toArray(String[]::new))
                .param("eventIds", eventIds.toArray(String[]::new))
                .query(UUID.class).list());
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
