package io.tandem.handoff;

import java.util.UUID;

import io.tandem.shared.Actor;

/** The handoff's commands for other modules (demo data today; routing rules and connectors later). */
public interface Handoffs {

    void claim(UUID leadId, UUID sdrId, Actor actor);

    void saveQualification(UUID leadId, Qualification qualification, Actor actor);

    /** @return the new handoff's id */
    UUID transfer(UUID leadId, UUID sdrId, UUID repId, String notes, Actor actor);

    void accept(UUID handoffId, UUID repId, Actor actor);

    void reject(UUID handoffId, UUID repId, RejectionReason reason, String comment, Actor actor);
}
