/**
 * In-app notifications (the bell): a lead was transferred to you, your transfer was accepted or rejected, your lead
 * became an MQL. Built on the same events that email, WeCom, DingTalk and Feishu reminders will consume later.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notification (in-app inbox)")
package io.tandem.notification;
