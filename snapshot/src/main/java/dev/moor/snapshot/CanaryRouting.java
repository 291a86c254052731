package dev.moor.snapshot;

import java.util.Optional;

/**
 * A route whose service runs a canary: two of its backends are the service's stable set and its canary, weighted as
 * the deploy's current step says. Besides the weights, a request may choose its side: the header {@code header} with
 * {@code always} sends it to the canary, {@code never} to the stable set; with {@code cookie}, the side a client was
 * given is written to that cookie ({@code canary-VERSION} or {@code stable-VERSION}) and later requests carrying it
 * stay there while the canary of that version runs. A side with no endpoint sends its requests to the other.
 *
 * @param stableCluster the cluster of the version that ran before (one of the route's backends)
 * @param canaryCluster the cluster of the version being deployed (one of the route's backends, weight >= 0)
 * @param version       names the canary (its revision): a cookie written for another canary is ignored
 * @param header        the request header that chooses a side ({@code always} or {@code never}), lower case
 * @param cookie        the cookie that keeps a client on its side, when the deploy asks for stickiness
 */
public record CanaryRouting(String stableCluster, String canaryCluster, String version, String header,
                            Optional<String> cookie) {
    /** The header testers send to choose a side. */
    public static final String DEFAULT_HEADER = "x-moor-canary";
}
