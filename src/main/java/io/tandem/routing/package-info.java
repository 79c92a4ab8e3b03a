/**
 * Routing (分配规则): decides who gets a lead that becomes an MQL — by ordered rules with conditions on the lead and
 * its account, to a named person, a weighted round-robin pool (daily caps, capacity, out of office and working hours
 * respected), the owner of the lead's account, or the queue — and records why. A lead taken back for neglect goes
 * through the same rules again, past the person who neglected it. Event: {@link io.tandem.routing.LeadRouted}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Routing (who gets which lead)")
package io.tandem.routing;
