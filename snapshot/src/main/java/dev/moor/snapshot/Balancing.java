package dev.moor.snapshot;

/** How the edge picks an endpoint of a cluster. */
public enum Balancing {
    /** Two endpoints at random, the one with fewer requests in flight wins. */
    POWER_OF_TWO_CHOICES,
    /** In turn. */
    ROUND_ROBIN
}
