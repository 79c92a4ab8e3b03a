package io.tandem.opportunity.internal;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

import io.tandem.lead.LeadAction;
import io.tandem.security.Role;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.UserDirectory;
import io.tandem.shared.NotFoundException;

/**
 * Who may see and change which opportunity: reps their own, managers their team's, marketing and executives read all
 * (the closed loop), admins everything. SDRs work before the opportunity exists and see none. Only admins delete;
 * exports follow reading, except for reps, whose pipeline leaves Tandem through their manager.
 */
@Component
public class OpportunityAccess {

    private final UserDirectory users;
    private final JdbcClient jdbc;

    OpportunityAccess(UserDirectory users, JdbcClient jdbc) {
        this.users = users;
        this.jdbc = jdbc;
    }

    /** An SQL condition on alias {@code o} and its parameters. */
    public record Scope(String predicate, Map<String, Object> params) {
    }

    public Scope scope(TandemPrincipal who, LeadAction action) {
        if (who.isAdmin()) {
            return new Scope("true", Map.of());
        }
        boolean all = false;
        boolean team = false;
        boolean own = false;
        for (Role role : who.roles()) {
            switch (action) {
                case READ -> {
                    all |= role == Role.MARKETING || role == Role.EXECUTIVE;
                    team |= role == Role.SALES_MANAGER;
                    own |= role == Role.SALES_REP;
                }
                case UPDATE -> {
                    team |= role == Role.SALES_MANAGER;
                    own |= role == Role.SALES_REP;
                }
                case EXPORT -> {
                    all |= role == Role.MARKETING || role == Role.EXECUTIVE;
                    team |= role == Role.SALES_MANAGER;
                }
                case DELETE -> {
                }
            }
        }
        if (all) {
            return new Scope("true", Map.of());
        }
        if (team) {
            Set<UUID> members = new LinkedHashSet<>();
            members.add(who.userId());
            if (who.teamId() != null) {
                members.addAll(users.teamMembers(who.teamId()));
            }
            return new Scope("o.owner_id = any(:scope_team)", Map.of("scope_team", members.toArray(UUID[]::new)));
        }
        if (own) {
            return new Scope("o.owner_id = :scope_me", Map.of("scope_me", who.userId()));
        }
        return new Scope("false", Map.of());
    }

    public boolean may(TandemPrincipal who, UUID opportunityId, LeadAction action) {
        Scope scope = scope(who, action);
        return jdbc.sql("select exists(select 1 from opportunity o where o.id = :scope_id and (" + scope.predicate()
                + "))").params(scope.params()).param("scope_id", opportunityId).query(Boolean.class).single();
    }

    public void require(TandemPrincipal who, UUID opportunityId, LeadAction action) {
        if (may(who, opportunityId, action)) {
            return;
        }
        if (action == LeadAction.READ || !may(who, opportunityId, LeadAction.READ)) {
            throw new NotFoundException("Opportunity", opportunityId);
        }
        throw new AccessDeniedException("You may not " + action.name().toLowerCase() + " this opportunity");
    }
}
