package io.tandem.connectors.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which leads went out to which CRM, under which CRM ids, and what the CRM last said about them. */
@Component
public class CrmLinks {

    private final JdbcClient jdbc;

    CrmLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Link(UUID connectorId, UUID leadId, String crmId, String crmStatus, String crmOwner,
            String crmOpportunityId, UUID opportunityId, Instant transferredAt, String transferredBy,
            Instant deliveredAt, Instant changedFromCrmAt) {
    }

    private static final String COLUMNS = """
            connector_id, lead_id, crm_id, crm_status, crm_owner, crm_opportunity_id, opportunity_id, transferred_at,
            transferred_by, delivered_at, changed_from_crm_at
            """;

    /** @return whether the lead was not linked to the connector before */
    public boolean link(UUID connectorId, UUID leadId, String by, Instant now) {
        return jdbc.sql("""
                insert into crm_link (connector_id, lead_id, transferred_at, transferred_by)
                values (:connector, :lead, :now, :by) on conflict do nothing
                """).param("connector", connectorId).param("lead", leadId).param("now", now.atOffset(ZoneOffset.UTC))
                .param("by", by).update() == 1;
    }

    public Map<UUID, String> crmIds(UUID connectorId, Collection<UUID> leadIds) {
        Map<UUID, String> ids = new HashMap<>();
        jdbc.sql("select lead_id, crm_id from crm_link where connector_id = :connector and lead_id = any(:leads)")
                .param("connector", connectorId).param("leads", leadIds.toArray(UUID[]::new))
                .query(rs -> {
                    ids.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return ids;
    }

    /** The CRM has these leads' records, under these ids (a null id keeps the one known). */
    public void deliveredAll(UUID connectorId, Map<UUID, String> crmIdsByLead, Instant now) {
        if (crmIdsByLead.isEmpty()) {
            return;
        }
        List<UUID> leads = new java.util.ArrayList<>(crmIdsByLead.keySet());
        jdbc.sql("""
                update crm_link l set crm_id = coalesce(sent.crm_id, l.crm_id), delivered_at = :now
                from unnest(:leads, :crmIds) as sent (lead_id, crm_id)
                where l.connector_id = :connector and l.lead_id = sent.lead_id
                """).param("connector", connectorId).param("leads", leads.toArray(UUID[]::new))
                .param("crmIds", leads.stream().map(crmIdsByLead::get).toArray(String[]::new))
                .param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    /** The connectors each of these leads is linked to (leads linked to none are left out). */
    public Map<UUID, List<UUID>> connectorsOf(Collection<UUID> leadIds) {
        Map<UUID, List<UUID>> linked = new HashMap<>();
        if (leadIds.isEmpty()) {
            return linked;
        }
        jdbc.sql("select lead_id, connector_id from crm_link where lead_id = any(:leads)")
                .param("leads", leadIds.stream().distinct().toArray(UUID[]::new))
                .query(rs -> {
                    linked.computeIfAbsent(rs.getObject(1, UUID.class), k -> new java.util.ArrayList<>())
                            .add(rs.getObject(2, UUID.class));
                });
        return linked;
    }

    public List<Link> ofLead(UUID leadId) {
        return jdbc.sql("select " + COLUMNS + " from crm_link where lead_id = :lead order by transferred_at")
                .param("lead", leadId).query(CrmLinks::row).list();
    }

    public Optional<Link> find(UUID connectorId, UUID leadId) {
        return jdbc.sql("select " + COLUMNS + " from crm_link where connector_id = :connector and lead_id = :lead")
                .param("connector", connectorId).param("lead", leadId).query(CrmLinks::row).optional();
    }

    public Optional<Link> byCrmId(UUID connectorId, String crmId) {
        return jdbc.sql("select " + COLUMNS + " from crm_link where connector_id = :connector and crm_id = :crm")
                .param("connector", connectorId).param("crm", crmId).query(CrmLinks::row).optional();
    }

    public Optional<Link> byCrmOpportunity(UUID connectorId, String crmOpportunityId) {
        return jdbc.sql("""
                select %s from crm_link where connector_id = :connector and crm_opportunity_id = :crm
                """.formatted(COLUMNS)).param("connector", connectorId).param("crm", crmOpportunityId)
                .query(CrmLinks::row).optional();
    }

    public void reported(UUID connectorId, UUID leadId, String crmId, String status, String owner,
            String crmOpportunityId, Instant now) {
        jdbc.sql("""
                update crm_link set crm_id = coalesce(crm_id, :crm), crm_status = coalesce(:status, crm_status),
                       crm_owner = coalesce(:owner, crm_owner),
                       crm_opportunity_id = coalesce(:opportunity, crm_opportunity_id), changed_from_crm_at = :now
                where connector_id = :connector and lead_id = :lead
                """).param("connector", connectorId).param("lead", leadId).param("crm", crmId).param("status", status)
                .param("owner", owner).param("opportunity", crmOpportunityId)
                .param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    public void opportunityOpened(UUID connectorId, UUID leadId, UUID opportunityId) {
        jdbc.sql("update crm_link set opportunity_id = :opportunity where connector_id = :connector and lead_id = :lead")
                .param("connector", connectorId).param("lead", leadId).param("opportunity", opportunityId).update();
    }

    private static Link row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Link(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class), rs.getTimestamp(8).toInstant(),
                rs.getString(9), rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant());
    }
}
