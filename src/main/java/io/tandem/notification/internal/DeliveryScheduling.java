package io.tandem.notification.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends what is queued every second or so ({@code tandem.notifications.poll-interval}): e-mails, digests, texts and
 * the group robots' next messages; tests send by hand. One channel failing does not hold up the others.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "tandem.notifications.delivery.enabled", havingValue = "true", matchIfMissing = true)
class DeliveryScheduling {

    private static final Logger log = LoggerFactory.getLogger(DeliveryScheduling.class);

    private final EmailDeliveries email;
    private final EmailDigests digests;
    private final SmsDeliveries sms;
    private final RobotDeliveries robots;

    DeliveryScheduling(EmailDeliveries email, EmailDigests digests, SmsDeliveries sms, RobotDeliveries robots) {
        this.email = email;
        this.digests = digests;
        this.sms = sms;
        this.robots = robots;
    }

    @Scheduled(fixedDelayString = "${tandem.notifications.poll-interval:PT1S}")
    void sendDue() {
        run("e-mails", email::sendDue);
        run("digests", digests::sendDue);
        run("text messages", sms::sendDue);
        run("group robot messages", robots::sendDue);
    }

    private static void run(String what, Runnable send) {
        try {
            send.run();
        } catch (RuntimeException e) {
            log.warn("Sending queued {} failed; retrying at the next round", what, e);
        }
    }
}
