package io.tandem.scoring.internal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Scoring's own threads for its listeners, so the other modules' listeners keep the shared pool. A batch of
 * activities is scored on the {@link ScoringLanes}; these threads hand it over and wait, and one more than there are
 * lanes leaves room for a new lead's fit while two batches are on the lanes.
 */
@Configuration(proxyBeanMethods = false)
class ScoringExecutorConfiguration {

    static final String SCORING_EXECUTOR = "scoringExecutor";

    @Bean(SCORING_EXECUTOR)
    ThreadPoolTaskExecutor scoringExecutor(@Value("${tandem.scoring.threads:2}") int lanes) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(lanes + 1);
        executor.setMaxPoolSize(lanes + 1);
        executor.setThreadNamePrefix("scoring-");
        return executor;
    }

    @Bean
    ScoringLanes scoringLanes(@Value("${tandem.scoring.threads:2}") int lanes) {
        return new ScoringLanes(lanes);
    }
}
