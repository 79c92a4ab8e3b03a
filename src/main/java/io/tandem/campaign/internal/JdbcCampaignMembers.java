package io.tandem.campaign.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.campaign.CampaignMembers;
import io.tandem.campaign.CampaignType;
import io.tandem.campaign.LeadMembership;
import io.tandem.campaign.MemberStatus;
import io.tandem.campaign.Membership;
import io.tandem.shared.db.SqlArrays;

@Repository
class JdbcCampaignMembers implements CampaignMembers {

    /** Keeps the higher status, the earlier join and the time the status was reached. */
    private static final String UPSERT_RULE = """
            on conflict (campaign_id, lead_id) do update set
                status      = case when excluded.status_rank >= campaign_member.status_rank
                                   then excluded.status else campaign_member.status end,
                status_at   = case when excluded.status_rank > campaign_member.status_rank
                                   then excluded.status_at else campaign_member.status_at end,
                status_rank = greatest(excluded.status_rank, campaign_member.status_rank),
                joined_at   = least(excluded.joined_at, campaign_member.joined_at)
            """;

    private final JdbcClient jdbc;

    JdbcCampaignMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Collection<Membership> memberships) {
        if (memberships.isEmpty()) {
            return;
        }
        // PostgreSQL refuses to touch one row twice in a statement, so collapse duplicates first.
        Map<List<UUID>, Membership> collapsed = new LinkedHashMap<>();
        for (Membership membership : memberships) {
            collapsed.merge(List.of(membership.campaignId(), membership.leadId()), membership,
                    JdbcCampaignMembers::higher);
        }
        int size = collapsed.size();
        UUID[] campaigns = new UUID[size];
        UUID[] leads = new UUID[size];
        String[] statuses = new String[size];
        Integer[] ranks = new Integer[size];
        String[] times = new String[size];
        int i = 0;
        for (Membership membership : collapsed.values()) {
            campaigns[i] = membership.campaignId();
            leads[i] = membership.leadId();
            statuses[i] = membership.status().name();
            ranks[i] = membership.status().rank();
            times[i] = membership.at().toString();
            i++;
        }
        jdbc.sql("""
                insert into campaign_member (campaign_id, lead_id, status, status_rank, joined_at, status_at)
                select c, l, s, r, t, t
                from unnest(:campaigns::uuid[], :leads::uuid[], :statuses::text[], :ranks::int[],
                            :times::timestamptz[]) as m(c, l, s, r, t)
                """ + UPSERT_RULE)
                .param("campaigns", SqlArrays.uuids(campaigns)).param("leads", SqlArrays.uuids(leads))
                .param("statuses", statuses)
                .param("ranks", ranks).param("times", times)
                .update();
    }

    private static Membership higher(Membership first, Membership second) {
        return second.status().rank() > first.status().rank() ? second : first;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void moveAll(UUID fromLead, UUID toLead) {
        jdbc.sql("""
                insert into campaign_member (campaign_id, lead_id, status, status_rank, joined_at, status_at)
                select campaign_id, :to, status, status_rank, joined_at, status_at
                from campaign_member where lead_id = :from
                """ + UPSERT_RULE)
                .param("from", fromLead).param("to", toLead).update();
        removeAll(fromLead);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void removeAll(UUID leadId) {
        jdbc.sql("delete from campaign_member where lead_id = :lead").param("lead", leadId).update();
    }

    @Override
    public List<LeadMembership> ofLead(UUID leadId) {
        return jdbc.sql("""
                select c.id, c.name, c.type, m.status, m.joined_at, m.status_at
                from campaign_member m join campaign c on c.id = m.campaign_id
                where m.lead_id = :lead order by m.joined_at desc
                """)
                .param("lead", leadId)
                .query((rs, n) -> new LeadMembership(rs.getObject(1, UUID.class), rs.getString(2),
                        CampaignType.valueOf(rs.getString(3)), MemberStatus.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()))
                .list();
    }
}
