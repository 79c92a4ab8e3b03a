package io.tandem.connectors.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Delivers what is due ({@code tandem.connectors.poll-interval}, for retries and anything a crash left) and pulls
 * the CRMs' changes ({@code tandem.connectors.pull-interval}). Tests switch both off and call them after moving their
 * clock ({@code tandem.connectors.delivery.enabled=false}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "tandem.connectors.delivery.enabled", havingValue = "true", matchIfMissing = true)
class ConnectorScheduling {

    private static final Logger log = LoggerFactory.getLogger(ConnectorScheduling.class);

    private final DeliveryDispatcher dispatcher;
    private final BackSync backSync;

    ConnectorScheduling(DeliveryDispatcher dispatcher, BackSync backSync) {
        this.dispatcher = dispatcher;
        this.backSync = backSync;
    }

    @Scheduled(fixedDelayString = "${tandem.connectors.poll-interval:PT1S}", initialDelayString = "PT5S")
    void deliverDue() {
        try {
            dispatcher.kick();
        } catch (RuntimeException e) {
            log.warn("Starting CRM deliveries failed; retrying at the next round", e);
        }
    }

    @Scheduled(fixedDelayString = "${tandem.connectors.pull-interval:PT15S}", initialDelayString = "PT10S")
    void pullChanges() {
        backSync.pullAll();
    }
}
