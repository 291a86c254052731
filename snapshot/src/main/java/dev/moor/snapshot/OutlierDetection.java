package dev.moor.snapshot;

import java.time.Duration;

/**
 * Passive health: an endpoint that fails in a row is ejected from balancing for a while, longer each time
 * it is ejected again, and never more than a share of a cluster at once.
 *
 * @param consecutive5xx             5xx answers in a row that eject (0 disables)
 * @param consecutiveConnectFailures connect failures in a row that eject (0 disables)
 * @param baseEjection               the first ejection's length; the n-th lasts n times as long
 * @param maxEjection                the longest ejection
 * @param maxEjectedPercent          the largest share of a cluster's endpoints ejected at once
 */
public record OutlierDetection(int consecutive5xx, int consecutiveConnectFailures, java.time.Duration baseEjection,
                               Duration maxEjection, int maxEjectedPercent) {
    public static final OutlierDetection DEFAULT =
            new OutlierDetection(5, 3, Duration.ofSeconds(10), Duration.ofMinutes(5), 50);
}
