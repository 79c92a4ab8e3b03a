package io.tandem.sla.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Looks for due clocks every few seconds ({@code tandem.sla.poll-interval}). Tests turn it off and fire by hand after
 * moving their clock ({@code tandem.sla.timers.enabled=false}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "tandem.sla.timers.enabled", havingValue = "true", matchIfMissing = true)
class SlaScheduling {

    private static final Logger log = LoggerFactory.getLogger(SlaScheduling.class);

    private final SlaTimers timers;

    SlaScheduling(SlaTimers timers) {
        this.timers = timers;
    }

    @Scheduled(fixedDelayString = "${tandem.sla.poll-interval:PT2S}", initialDelayString = "${tandem.sla.poll-interval:PT2S}")
    void fireDueClocks() {
        try {
            timers.fireDue();
        } catch (RuntimeException e) {
            // The next round tries again: the rows that failed stay due.
            log.warn("Firing due SLA clocks failed; retrying at the next round", e);
        }
    }
}
