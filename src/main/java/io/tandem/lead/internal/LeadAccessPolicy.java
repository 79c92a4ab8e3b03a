package io.tandem.lead.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadScope;
import io.tandem.lifecycle.Stage;
import io.tandem.lifecycle.StageModel;
import io.tandem.lifecycle.StagePool;
import io.tandem.security.Role;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.UserDirectory;
import io.tandem.shared.NotFoundException;

/**
 * Who may do what with which lead, one rule per role; a person with several roles gets the union.
 * <ul>
 * <li>Admins: everything.</li>
 * <li>Marketing: reads every lead (the outcome of what it handed over is the closed loop); changes and deletes only
 * leads in its own pool (and disqualified ones) that no transfer awaits an answer for; exports what it reads.</li>
 * <li>Exports are for admins, marketing and executives; everyone else works inside Tandem.</li>
 * <li>SDRs: read marketing's pool and every lead they worked; change marketing-pool leads that are free or theirs.</li>
 * <li>Sales reps: read and change the leads they own, read the transfers awaiting their answer and the public pool
 * (sales leads nobody owns, which they may claim).</li>
 * <li>Sales managers: the same for everyone in their team.</li>
 * <li>Executives: read and export everything, change nothing.</li>
 * </ul>
 */
@Component
class LeadAccessPolicy implements LeadAccess {

    private final StageModel stages;
    private final UserDirectory users;
    private final JdbcClient jdbc;

    LeadAccessPolicy(StageModel stages, UserDirectory users, JdbcClient jdbc) {
        this.stages = stages;
        this.users = users;
        this.jdbc = jdbc;
    }

    @Override
    public LeadScope scope(TandemPrincipal who, LeadAction action) {
        if (who.isAdmin()) {
            return LeadScope.EVERYTHING;
        }
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        for (Role role : who.roles()) {
            String clause = clause(role, action);
            if (clause.equals("true")) {
                return LeadScope.EVERYTHING;
            }
            if (!clause.equals("false")) {
                clauses.add(clause);
            }
        }
        if (clauses.isEmpty()) {
            return LeadScope.NOTHING;
        }
        String predicate = String.join(" or ", new LinkedHashSet<>(clauses));
        if (predicate.contains(":scope_me")) {
            params.put("scope_me", who.userId());
        }
        if (predicate.contains(":scope_team")) {
            params.put("scope_team", teamOf(who).toArray(UUID[]::new));
        }
        if (predicate.contains(":scope_marketing")) {
            params.put("scope_marketing", marketingStages().toArray(String[]::new));
        }
        if (predicate.contains(":scope_sales")) {
            params.put("scope_sales", stages.stages().stream().filter(stage -> stage.pool() == StagePool.SALES)
                    .map(Stage::code).toArray(String[]::new));
        }
        if (predicate.contains(":scope_marketing_owned")) {
            Set<String> owned = new LinkedHashSet<>(marketingStages());
            owned.add(Stage.DISQUALIFIED);
            params.put("scope_marketing_owned", owned.toArray(String[]::new));
        }
        return new LeadScope(predicate, params);
    }

    private static String clause(Role role, LeadAction action) {
        return switch (action) {
            case READ -> switch (role) {
                case ADMIN, MARKETING, EXECUTIVE -> "true";
                case SDR -> "l.stage = any(:scope_marketing) or l.sdr_id = :scope_me or l.owner_id = :scope_me";
                case SALES_REP -> "l.owner_id = :scope_me or l.pending_rep_id = :scope_me or " + PUBLIC_POOL;
                case SALES_MANAGER -> "l.owner_id = any(:scope_team) or l.pending_rep_id = any(:scope_team) or "
                        + PUBLIC_POOL;
            };
            case UPDATE -> switch (role) {
                case ADMIN -> "true";
                case MARKETING -> MARKETING_CHANGES;
                case SDR -> "(l.stage = any(:scope_marketing) and l.pending_rep_id is null"
                        + " and (l.owner_id is null or l.owner_id = :scope_me))";
                case SALES_REP -> "(l.owner_id = :scope_me and l.stage <> all(:scope_marketing))";
                case SALES_MANAGER -> "(l.owner_id = any(:scope_team) and l.stage <> all(:scope_marketing))";
                case EXECUTIVE -> "false";
            };
            case DELETE -> switch (role) {
                case ADMIN -> "true";
                case MARKETING -> MARKETING_CHANGES;
                default -> "false";
            };
            case EXPORT -> switch (role) {
                case ADMIN, MARKETING, EXECUTIVE -> "true";
                default -> "false";
            };
        };
    }

    /** The public pool (公海): sales leads nobody owns, open for every salesperson to look at and claim. */
    private static final String PUBLIC_POOL = "(l.owner_id is null and l.stage = any(:scope_sales))";

    private static final String MARKETING_CHANGES =
            "(l.stage = any(:scope_marketing_owned) and l.pending_rep_id is null)";

    private List<String> marketingStages() {
        return stages.stages().stream().filter(stage -> stage.pool() == StagePool.MARKETING).map(Stage::code)
                .toList();
    }

    private Set<UUID> teamOf(TandemPrincipal who) {
        Set<UUID> team = new LinkedHashSet<>();
        team.add(who.userId());
        if (who.teamId() != null) {
            team.addAll(users.teamMembers(who.teamId()));
        }
        return team;
    }

    @Override
    public boolean may(TandemPrincipal who, UUID leadId, LeadAction action) {
        LeadScope scope = scope(who, action);
        if (scope.equals(LeadScope.NOTHING)) {
            return false;
        }
        return jdbc.sql("select exists(select 1 from lead l where l.id = :scope_lead and l.merged_into is null and ("
                + scope.predicate() + "))").params(scope.params()).param("scope_lead", leadId).query(Boolean.class)
                .single();
    }

    @Override
    public Set<UUID> permitted(TandemPrincipal who, java.util.Collection<UUID> leadIds, LeadAction action) {
        LeadScope scope = scope(who, action);
        if (leadIds.isEmpty() || scope.equals(LeadScope.NOTHING)) {
            return Set.of();
        }
        // The chosen leads are found by their ids first: left to itself, PostgreSQL may read a whole partial index
        // that the scope's predicate matches (e.g. every worked lead) and test each entry against the ids.
        return new java.util.HashSet<>(jdbc.sql("with l as materialized"
                + " (select * from lead where id = any(:scope_leads))"
                + " select l.id from l where l.merged_into is null and (" + scope.predicate() + ")")
                .params(scope.params())
                .param("scope_leads", leadIds.stream().distinct().toArray(UUID[]::new)).query(UUID.class).list());
    }

    @Override
    public void require(TandemPrincipal who, UUID leadId, LeadAction action) {
        if (may(who, leadId, action)) {
            return;
        }
        if (action == LeadAction.READ || !may(who, leadId, LeadAction.READ)) {
            throw new NotFoundException("Lead", leadId);
        }
        throw new AccessDeniedException("You may not " + action.name().toLowerCase() + " lead " + leadId);
    }
}
