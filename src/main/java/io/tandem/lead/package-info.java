/**
 * The lead registry behind marketing's lead pool (线索池): one person, once. Normalises and resolves identities
 * (email, mobile number, anonymous visitor id), creates and merges leads, keeps their field history, matches them to
 * accounts (companies), lists suspected duplicates, and serves the pool's pages.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Leads and identity")
package io.tandem.lead;
