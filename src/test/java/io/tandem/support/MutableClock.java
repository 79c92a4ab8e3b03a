package io.tandem.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand. It follows real time until a test sets it, so the shared context keeps working for
 * tests that do not care about time.
 */
public class MutableClock extends Clock {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant now = fixed.get();
        return now == null ? Instant.now() : now;
    }

    public void setTo(Instant instant) {
        fixed.set(instant);
    }

    public void advance(Duration duration) {
        fixed.set(instant().plus(duration));
    }

    public void followRealTime() {
        fixed.set(null);
    }
}
