package io.tandem.campaign.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.tandem.campaign.MemberStatus;

@Component
public class CampaignStats {

    private final JdbcClient jdbc;

    CampaignStats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<UUID, Long> memberCounts() {
        Map<UUID, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select campaign_id, count(*) from campaign_member group by campaign_id")
                .query(rs -> {
                    counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
                });
        return counts;
    }

    public Map<MemberStatus, Long> membersByStatus(UUID campaignId) {
        Map<MemberStatus, Long> counts = new LinkedHashMap<>();
        jdbc.sql("""
                select status, count(*) from campaign_member where campaign_id = :id
                group by status, status_rank order by status_rank desc
                """).param("id", campaignId)
                .query(rs -> {
                    counts.put(MemberStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }
}
