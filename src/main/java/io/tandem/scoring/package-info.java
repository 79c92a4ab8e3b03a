/**
 * Scoring (评分): a fit grade A–D from who the lead is and an engagement score from what the lead did, decaying with a
 * half-life; both explain themselves. Leads that meet the MQL rule (or raise their hand) become MQLs on their own.
 * Consumes {@code LeadsCaptured} and {@code ActivitiesRecorded} from the outbox, so no activity is ever left unscored.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scoring")
package io.tandem.scoring;
