package io.tandem.scoring.internal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Scoring's own few threads. Every batch of activities touches thousands of random leads, so any two batches scored
 * at the same time share some: on the shared pool, eight of them at once waited for each other's score rows in a
 * queue, and the two cores spent their time on waiting. Two threads keep up with ingestion and wait for each other
 * only briefly, as a batch locks its rows only from its writes to its commit; the other listeners keep the shared pool.
 */
@Configuration(proxyBeanMethods = false)
class ScoringExecutorConfiguration {

    static final String SCORING_EXECUTOR = "scoringExecutor";

    @Bean(SCORING_EXECUTOR)
    ThreadPoolTaskExecutor scoringExecutor(@Value("${tandem.scoring.threads:2}") int threads) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setThreadNamePrefix("scoring-");
        return executor;
    }
}
