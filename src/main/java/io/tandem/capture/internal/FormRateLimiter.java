package io.tandem.capture.internal;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;

/**
 * Submissions per client address and minute on the public forms, so a bot cannot flood the lead pool. Kept in memory
 * per instance: behind several instances the limit applies per instance.
 */
@Component
public class FormRateLimiter {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final int perMinute;

    public FormRateLimiter(@Value("${tandem.forms.submissions-per-minute-per-ip:10}") int perMinute) {
        this.perMinute = perMinute;
    }

    public boolean tryAcquire(String clientAddress) {
        return buckets.get(clientAddress, address -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build()).tryConsume(1);
    }
}
