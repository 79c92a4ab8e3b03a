package io.tandem.notification.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Sends queued e-mails every second or so ({@code tandem.notifications.poll-interval}); tests send by hand. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "tandem.notifications.delivery.enabled", havingValue = "true", matchIfMissing = true)
class DeliveryScheduling {

    private static final Logger log = LoggerFactory.getLogger(DeliveryScheduling.class);

    private final EmailDeliveries email;

    DeliveryScheduling(EmailDeliveries email) {
        this.email = email;
    }

    @Scheduled(fixedDelayString = "${tandem.notifications.poll-interval:PT1S}")
    void sendDue() {
        try {
            email.sendDue();
        } catch (RuntimeException e) {
            log.warn("Sending queued e-mails failed; retrying at the next round", e);
        }
    }
}
