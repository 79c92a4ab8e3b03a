package io.tandem.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.tandem.security.UserContact;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;

/**
 * Decides where a notification goes besides the inbox, and when: e-mail (at once or in the daily digest) and SMS as
 * the person chose, both held back during their quiet hours; the group robots set up for their team. Every message is
 * queued in the transaction that wrote the notification.
 */
@Component
class OutboundMessages {

    private final UserDirectory users;
    private final NotificationPreferences preferences;
    private final EmailDeliveries email;
    private final SmsDeliveries sms;
    private final RobotDeliveries robots;
    private final Clock clock;

    OutboundMessages(UserDirectory users, NotificationPreferences preferences, EmailDeliveries email,
            SmsDeliveries sms, RobotDeliveries robots, Clock clock) {
        this.users = users;
        this.preferences = preferences;
        this.email = email;
        this.sms = sms;
        this.robots = robots;
        this.clock = clock;
    }

    void enqueue(UUID userId, Inbox.Notification notification) {
        Optional<UserSummary> user = users.find(userId);
        if (user.isEmpty()) {
            return;
        }
        Optional<UserContact> contact = users.contact(userId).filter(UserContact::active);
        if (contact.isPresent()) {
            NotificationPreferences.Preference preference = preferences.of(userId);
            Instant now = clock.instant();
            if (preference.email(notification.kind())) {
                if (preference.digest()) {
                    email.enqueue(contact.get(), notification, preference.nextDigest(now), true);
                } else {
                    email.enqueue(contact.get(), notification, preference.outsideQuietHours(now), false);
                }
            }
            if (preference.sms(notification.kind())) {
                sms.enqueue(contact.get(), notification, preference.outsideQuietHours(now));
            }
        }
        robots.enqueue(user.get().teamId(), user.get().displayName(), notification);
    }
}
