/**
 * Activities (行为): everything a lead did or that was done with it — page views, form submissions, email opens and
 * clicks, downloads, event registrations and check-ins, webinars, calls, meetings, notes — and the lead's timeline.
 * Activities are the input of scoring.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Activities")
package io.tandem.activity;
