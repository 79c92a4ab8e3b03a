package io.tandem.routing.internal;

import java.util.List;
import java.util.UUID;

/** An ordered rule: the first active rule whose conditions all hold (and whose target can take the lead) decides. */
public record RoutingRule(UUID id, int position, String name, List<RoutingCondition> conditions, Target target,
        UUID targetUserId, UUID targetPoolId, boolean active) {

    public enum Target { USER, POOL, ACCOUNT_OWNER, QUEUE }

    boolean matches(LeadFacts lead) {
        return active && conditions.stream().allMatch(condition -> condition.holdsFor(lead));
    }
}
