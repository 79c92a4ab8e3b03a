/**
 * Reverse-funnel planning (目标倒推): a revenue target turned into the orders, opportunities, SQLs, SALs, MQLs and
 * leads needed month by month (earlier by each stage's cycle time), per channel and with the budget; named plans with
 * versions; plan against actual. Defaults come from {@link io.tandem.analytics.FunnelHistory}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Planning (reverse funnel, plan vs actual)")
package io.tandem.planning;
