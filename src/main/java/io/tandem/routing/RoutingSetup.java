package io.tandem.routing;

import java.util.Map;
import java.util.UUID;

import io.tandem.shared.Actor;

/** Sets up routing for other modules (demo data): a round-robin pool and a rule that sends every new MQL to it. */
public interface RoutingSetup {

    /** @return the new pool's id */
    UUID everyMqlToPool(String ruleName, String poolName, Map<UUID, Integer> weights, Actor actor);
}
