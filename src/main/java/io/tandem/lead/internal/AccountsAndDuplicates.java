package io.tandem.lead.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.lead.AccountView;
import io.tandem.lead.DuplicateSuggestion;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadSummary;

/** Read side of accounts and suspected duplicates, and who owns an account. */
@Repository
@Transactional(readOnly = true)
public class AccountsAndDuplicates {

    private final JdbcClient jdbc;
    private final LeadDirectory leads;
    private final io.tandem.audit.AuditLog audit;

    AccountsAndDuplicates(JdbcClient jdbc, LeadDirectory leads, io.tandem.audit.AuditLog audit) {
        this.jdbc = jdbc;
        this.leads = leads;
        this.audit = audit;
    }

    /** Accounts by name, optionally those whose name or domain starts with {@code q}; one page after {@code after}. */
    public List<AccountView> accounts(String q, String afterName, int limit) {
        String prefix = q == null || q.isBlank() ? null : LeadReadModel.likeEscape(q.strip().toLowerCase()) + "%";
        return jdbc.sql("""
                select a.id, a.name, a.domain, a.industry, a.province, a.created_at, a.owner_id,
                       (select count(*) from lead l where l.account_id = a.id and l.merged_into is null) as leads
                from account a
                where (cast(:prefix as text) is null or lower(a.name) collate "C" like :prefix
                       or a.domain like :prefix)
                  and (cast(:after as text) is null or lower(a.name) collate "C" > :after)
                order by lower(a.name) collate "C" limit :limit
                """)
                .param("prefix", prefix).param("after", afterName == null ? null : afterName.toLowerCase())
                .param("limit", limit)
                .query(AccountsAndDuplicates::account).list();
    }

    public Optional<AccountView> account(UUID id) {
        return jdbc.sql("""
                select a.id, a.name, a.domain, a.industry, a.province, a.created_at, a.owner_id,
                       (select count(*) from lead l where l.account_id = a.id and l.merged_into is null) as leads
                from account a where a.id = :id
                """).param("id", id).query(AccountsAndDuplicates::account).optional();
    }

    /** The salesperson who owns the company: routing gives them its leads (lead-to-account). */
    @Transactional
    public void assignOwner(UUID accountId, UUID ownerId, io.tandem.shared.Actor actor) {
        int updated = jdbc.sql("update account set owner_id = :owner, version = version + 1 where id = :id")
                .param("owner", ownerId).param("id", accountId).update();
        if (updated == 0) {
            throw new io.tandem.shared.NotFoundException("Account", accountId);
        }
        audit.record(actor, io.tandem.audit.AuditAction.ASSIGNED, "account", accountId, "owner " + ownerId);
    }

    private static AccountView account(ResultSet rs, int n) throws SQLException {
        return new AccountView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("domain"),
                rs.getString("industry"), rs.getString("province"), rs.getLong("leads"),
                rs.getTimestamp("created_at").toInstant(), rs.getObject("owner_id", UUID.class));
    }

    public List<DuplicateSuggestion> openDuplicates(UUID leadId, int limit) {
        List<Object[]> rows = jdbc.sql("""
                select id, lead_id, other_lead_id, reason, created_at from duplicate_suggestion
                where status = 'OPEN' and (cast(:lead as uuid) is null or lead_id = :lead or other_lead_id = :lead)
                order by created_at desc limit :limit
                """).param("lead", leadId).param("limit", limit)
                .query((rs, n) -> new Object[] { rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getTimestamp(5).toInstant() })
                .list();
        List<UUID> ids = new ArrayList<>();
        rows.forEach(row -> {
            ids.add((UUID) row[1]);
            ids.add((UUID) row[2]);
        });
        Map<UUID, LeadSummary> summaries = leads.summaries(ids);
        List<DuplicateSuggestion> suggestions = new ArrayList<>();
        for (Object[] row : rows) {
            LeadSummary a = summaries.get((UUID) row[1]);
            LeadSummary b = summaries.get((UUID) row[2]);
            if (a != null && b != null) {
                suggestions.add(new DuplicateSuggestion((UUID) row[0], a, b, (String) row[3],
                        (java.time.Instant) row[4]));
            }
        }
        return suggestions;
    }

    public Optional<UUID[]> pair(UUID suggestionId) {
        return jdbc.sql("select lead_id, other_lead_id from duplicate_suggestion where id = :id and status = 'OPEN'")
                .param("id", suggestionId)
                .query((rs, n) -> new UUID[] { rs.getObject(1, UUID.class), rs.getObject(2, UUID.class) })
                .optional();
    }
}
