package io.tandem.activity.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.tandem.activity.TimelineEntry;
import io.tandem.campaign.CampaignCatalog;
import io.tandem.campaign.CampaignSummary;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadView;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** One timeline per lead: what the person did, and what happened to their record, newest first. */
@Component
public class Timeline {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final LeadDirectory leads;
    private final CampaignCatalog campaigns;
    private final JsonMapper json;
    private final io.tandem.security.UserDirectory users;

    Timeline(JdbcClient jdbc, LeadDirectory leads, CampaignCatalog campaigns, JsonMapper json,
            io.tandem.security.UserDirectory users) {
        this.users = users;
        this.jdbc = jdbc;
        this.leads = leads;
        this.campaigns = campaigns;
        this.json = json;
    }

    public List<TimelineEntry> of(LeadView lead, int limit) {
        List<Object[]> activities = jdbc.sql("""
                select occurred_at, type, campaign_id, properties::text, source from activity
                where lead_id = :lead order by occurred_at desc limit :limit
                """).param("lead", lead.id()).param("limit", limit)
                .query((rs, n) -> new Object[] { rs.getTimestamp(1).toInstant(), rs.getString(2),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5) })
                .list();
        Set<UUID> campaignIds = new HashSet<>();
        activities.forEach(row -> {
            if (row[2] != null) {
                campaignIds.add((UUID) row[2]);
            }
        });
        Map<UUID, CampaignSummary> names = campaigns.findAll(campaignIds);
        List<TimelineEntry> entries = new ArrayList<>();
        for (Object[] row : activities) {
            UUID campaignId = (UUID) row[2];
            Map<String, Object> details = row[3] == null ? Map.of() : json.readValue((String) row[3], MAP);
            entries.add(new TimelineEntry((Instant) row[0], "ACTIVITY", (String) row[1],
                    campaignId == null || !names.containsKey(campaignId) ? null : names.get(campaignId).name(),
                    campaignId, details, (String) row[4], null, null, null));
        }
        List<io.tandem.lead.HistoryEntry> history = leads.history(lead.id(), limit);
        Map<String, String> people = peopleNamed(history);
        history.forEach(change -> {
            boolean owner = "owner".equals(change.field());
            entries.add(new TimelineEntry(change.at(), change.kind(), null, null, null, Map.of(), change.actor(),
                    change.field(), owner ? people.getOrDefault(change.oldValue(), change.oldValue())
                            : change.oldValue(), owner ? people.getOrDefault(change.newValue(), change.newValue())
                                    : change.newValue()));
        });
        leads.stageHistory(lead.id()).forEach(change -> entries.add(new TimelineEntry(change.at(), "STAGE_CHANGED",
                null, null, null, change.reason() == null ? Map.of() : Map.of("reason", change.reason()),
                change.rule() != null ? change.rule() : change.actor(), "stage", change.from(), change.to())));
        entries.add(new TimelineEntry(lead.lead().createdAt(), "CREATED", null, null, null, Map.of(),
                lead.createdVia(), lead.lead().source(), null, null));
        entries.sort(Comparator.comparing(TimelineEntry::at).reversed());
        return entries.size() > limit ? entries.subList(0, limit) : entries;
    }

    /** Owner changes are stored by user id; the timeline shows the people's names. */
    private Map<String, String> peopleNamed(List<io.tandem.lead.HistoryEntry> history) {
        Set<UUID> ids = new HashSet<>();
        history.stream().filter(change -> "owner".equals(change.field())).forEach(change -> {
            for (String value : new String[] { change.oldValue(), change.newValue() }) {
                try {
                    if (value != null) {
                        ids.add(UUID.fromString(value));
                    }
                } catch (IllegalArgumentException notAnId) {
                    // older rows may hold a name already
                }
            }
        });
        Map<String, String> names = new java.util.HashMap<>();
        users.findAll(ids).forEach((id, user) -> names.put(id.toString(), user.displayName()));
        return names;
    }
}
