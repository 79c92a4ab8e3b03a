package io.tandem.connectors.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: exponential backoff from {@code base}, doubled per attempt up to {@code cap},
 * with "equal jitter" (half the delay fixed, half random) so that a thousand deliveries that failed together do not
 * return together; and no more tries once the delivery has waited {@code window} (72 hours): then it is dead.
 */
public record RetrySchedule(Duration base, Duration cap, Duration window) {

    public static final RetrySchedule STANDARD = new RetrySchedule(Duration.ofSeconds(5), Duration.ofMinutes(15),
            Duration.ofHours(72));

    /** @return when to try again, or empty when the window is over and the delivery is dead */
    public Optional<Instant> next(int failedAttempts, Instant firstQueuedAt, Instant now, DoubleSupplier random) {
        Duration delay = delay(failedAttempts, random);
        Instant next = now.plus(delay);
        return next.isAfter(firstQueuedAt.plus(window)) ? Optional.empty() : Optional.of(next);
    }

    Duration delay(int failedAttempts, DoubleSupplier random) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long millis = Math.min(cap.toMillis(), base.toMillis() * (1L << Math.min(doublings, 20)));
        return Duration.ofMillis(millis / 2 + (long) (random.getAsDouble() * (millis / 2)));
    }
}
