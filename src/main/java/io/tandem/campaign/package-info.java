/**
 * Campaigns (市场活动): the efforts that bring or touch leads, with their type, channel, dates, owner, budget and
 * cost, hosted forms, and members (lead × campaign with a status that only moves up).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Campaigns")
package io.tandem.campaign;
