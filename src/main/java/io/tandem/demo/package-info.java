/**
 * Demo data: a living lead pool for newcomers — campaigns over six months, a few thousand leads with activities,
 * duplicates to review, and sample users. Loaded by flag ({@code TANDEM_DEMO_DATA=true}) or from the admin page.
 * Never load it on a production instance: the sample users have a published password.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data")
package io.tandem.demo;
