/**
 * Notifications: the in-app inbox (the bell) — a lead was transferred to you, your transfer was accepted or rejected,
 * your lead became an MQL, an SLA deadline nears or passed — and the same news outside Tandem: e-mail (one by one or a
 * daily digest), SMS and WeCom, DingTalk, Feishu and Slack group robots, as each person's preferences and the admin's
 * channels say.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notification (inbox, e-mail, SMS, group robots)")
package io.tandem.notification;
