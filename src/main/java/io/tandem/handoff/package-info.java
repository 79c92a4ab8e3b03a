/**
 * The SDR handoff (交接): the MQL queue an SDR works, calls and notes with recordings, BANT qualification, and the
 * transfer out (转出) to a sales rep, who accepts (→ SAL) or rejects with a reason (→ Nurture, feedback visible to
 * marketing). Each transfer is a Handoff record; its answers are published as events for notifications, SLAs,
 * connectors and analytics.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Handoff (SDR workspace and transfer contract)")
package io.tandem.handoff;
