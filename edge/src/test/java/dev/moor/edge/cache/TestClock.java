package dev.moor.edge.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test moves it. */
final class TestClock extends Clock {
    private final AtomicLong millis;

    TestClock(Instant start) {
        millis = new AtomicLong(start.toEpochMilli());
    }

    TestClock() {
        this(Instant.parse("2026-06-01T12:00:00Z"));
    }

    void advance(Duration by) {
        millis.addAndGet(by.toMillis());
    }

    void set(long epochMillis) {
        millis.set(epochMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
