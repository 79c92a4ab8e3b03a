/**
 * Closed-loop analytics (闭环分析): read models over the stage history, handoffs, opportunities, orders, campaigns and
 * their members — funnel conversion (cohort and period), velocity, aging and leaks, marketing's contribution,
 * attribution of pipeline and revenue to campaigns and channels, campaign ROI and lead quality — and the executive,
 * marketing and sales dashboards. Reads the other modules' tables with SQL and changes nothing (ADR 14). Its API:
 * {@link io.tandem.analytics.FunnelHistory} (rates, cycle times, deal size and monthly actuals for the planner).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analytics (funnel, attribution, ROI, dashboards)")
package io.tandem.analytics;
