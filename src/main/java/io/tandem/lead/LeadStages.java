package io.tandem.lead;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

import io.tandem.shared.Actor;

/** Moves leads through the waterfall on behalf of rules (scoring, routing, SLAs). Joins the caller's transaction. */
public interface LeadStages {

    /**
     * @param rule the rule that decided, e.g. {@code scoring:threshold}
     * @return whether the lead moved; a move the stage model does not allow from the lead's current stage is skipped
     */
    boolean moveIfAllowed(UUID leadId, String stage, String rule, String reason, Actor actor);

    /** What a rule decided about one lead, and why. */
    record RuleMove(UUID leadId, String rule, String reason) {
    }

    /**
     * {@link #moveIfAllowed} for many leads at once: the same checks, history, audit and events, in a few statements
     * however many leads move.
     *
     * @return the leads that moved
     */
    Set<UUID> moveAllIfAllowed(Collection<RuleMove> moves, String stage, Actor actor);

    /**
     * A person's move, e.g. an SDR disqualifies or a rep qualifies a lead as SQL.
     *
     * @param source where the move was made, e.g. {@code sdr}, {@code opportunity}
     * @throws io.tandem.shared.BadInputException when the stage model does not allow it
     */
    void move(UUID leadId, String stage, String reason, String source, Actor actor);
}
