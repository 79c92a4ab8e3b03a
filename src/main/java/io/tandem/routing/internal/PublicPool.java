package io.tandem.routing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadHandoffs;
import io.tandem.lead.LeadPage;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.LeadReleased;
import io.tandem.lifecycle.StageModel;
import io.tandem.lifecycle.StagePool;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;

/**
 * The public pool (公海): sales leads nobody owns — given up by their rep or taken back for neglect — which any rep
 * may claim, up to a number a day, and not a lead they gave up themselves within the cool-down.
 */
@Service
public class PublicPool {

    private final JdbcClient jdbc;
    private final LeadDirectory leads;
    private final LeadHandoffs leadHandoffs;
    private final StageModel stages;
    private final Clock clock;
    private final ZoneId zone;
    private final int claimsPerDay;
    private final Duration coolDown;

    PublicPool(JdbcClient jdbc, LeadDirectory leads, LeadHandoffs leadHandoffs, StageModel stages, Clock clock,
            @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone,
            @Value("${tandem.public-pool.claims-per-day:5}") int claimsPerDay,
            @Value("${tandem.public-pool.cool-down-days:7}") int coolDownDays) {
        this.jdbc = jdbc;
        this.leads = leads;
        this.leadHandoffs = leadHandoffs;
        this.stages = stages;
        this.clock = clock;
        this.zone = zone;
        this.claimsPerDay = claimsPerDay;
        this.coolDown = Duration.ofDays(coolDownDays);
    }

    public int claimsPerDay() {
        return claimsPerDay;
    }

    public long coolDownDays() {
        return coolDown.toDays();
    }

    public LeadPage leads(String cursor, int limit) {
        return leads.search(new LeadQuery(null, null, null, null, true, null, null, null, null, null, cursor, limit,
                salesStages()));
    }

    /** Claims left today for the rep. */
    public long claimsLeftToday(UUID repId) {
        return Math.max(0, claimsPerDay - claimsToday(repId));
    }

    /**
     * A rep takes a lead from the public pool.
     *
     * @throws BadInputException when their claims for today are used up, or they gave this lead up within the
     *         cool-down
     */
    @Transactional
    public void claim(UUID leadId, UUID repId, Actor actor) {
        // One rep's claims are counted under a lock on their own rows, so two clicks at once cannot both pass.
        jdbc.sql("select pg_advisory_xact_lock(hashtext(cast(:rep as text)))").param("rep", repId).query().listOfRows();
        if (claimsToday(repId) >= claimsPerDay) {
            throw BadInputException.of(FieldProblem.of("lead", "publicPool.limit", claimsPerDay));
        }
        Optional<Instant> gaveUp = jdbc.sql("""
                select max(at) from public_pool_event where lead_id = :lead and user_id = :rep and kind = 'RELEASED'
                """).param("lead", leadId).param("rep", repId).query(java.sql.Timestamp.class).optional()
                .map(java.sql.Timestamp::toInstant);
        Instant now = clock.instant();
        if (gaveUp.isPresent() && gaveUp.get().plus(coolDown).isAfter(now)) {
            throw BadInputException.of(FieldProblem.of("lead", "publicPool.coolDown",
                    gaveUp.get().plus(coolDown).atZone(zone).toLocalDate()));
        }
        leadHandoffs.claimFromPublicPool(leadId, repId, actor);
        record(leadId, repId, "CLAIMED", now, null);
    }

    /** The rep gives a lead up to the public pool. */
    @Transactional
    public void giveUp(UUID leadId, UUID repId, String reason, Actor actor) {
        if (!leadHandoffs.releaseToPublicPool(leadId, reason == null || reason.isBlank() ? "given up" : reason.strip(),
                actor)) {
            throw BadInputException.of(FieldProblem.of("lead", "publicPool.cannotRelease"));
        }
    }

    /** Whoever a lead was released from starts their cool-down now, in the release's own transaction. */
    @EventListener
    void on(LeadReleased released) {
        if (released.previousOwner() != null) {
            record(released.leadId(), released.previousOwner(), "RELEASED", released.at(), released.reason());
        }
    }

    private long claimsToday(UUID repId) {
        Instant midnight = clock.instant().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        return jdbc.sql("select count(*) from public_pool_event where user_id = :rep and kind = 'CLAIMED' "
                + "and at >= :since").param("rep", repId).param("since", midnight.atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }

    private void record(UUID leadId, UUID userId, String kind, Instant at, String reason) {
        jdbc.sql("insert into public_pool_event (lead_id, user_id, kind, at, reason) values (:lead, :user, :kind, "
                + ":at, :reason)").param("lead", leadId).param("user", userId).param("kind", kind)
                .param("at", at.atOffset(ZoneOffset.UTC)).param("reason", reason).update();
    }

    private Set<String> salesStages() {
        return Set.copyOf(stages.stages().stream().filter(s -> s.pool() == StagePool.SALES)
                .map(io.tandem.lifecycle.Stage::code).toList());
    }
}
