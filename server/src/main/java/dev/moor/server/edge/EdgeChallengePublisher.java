package dev.moor.server.edge;

import dev.moor.engine.routing.EdgeFeed;
import dev.moor.server.tls.acme.AcmeChallenge;
import dev.moor.server.tls.acme.ChallengePublisher;
import dev.moor.snapshot.AcmeChallenges;

import java.time.Duration;

/**
 * Makes the host's edges answer an ACME CA's challenges: each goes into the next snapshot, and {@link #publish}
 * returns once every connected edge acknowledged a snapshot that has it, since the CA may ask right after. A
 * withdrawn challenge leaves with the next snapshot, without waiting.
 */
public final class EdgeChallengePublisher implements ChallengePublisher {
    private final EdgeFeed feed;
    private final EdgeChannel channel;
    private final Duration ackTimeout;

    /**
     * @param ackTimeout how long the edges may take to acknowledge a snapshot with the challenge (with no edge
     *                   connected, how long one may take to connect)
     */
    public EdgeChallengePublisher(EdgeFeed feed, EdgeChannel channel, Duration ackTimeout) {
        this.feed = feed;
        this.channel = channel;
        this.ackTimeout = ackTimeout;
    }

    /**
     * @throws IllegalStateException when no edge served it within the timeout, or the wait was interrupted: the
     *                               order fails with that reason
     */
    @Override
    public void publish(AcmeChallenge challenge) {
        long version = switch (challenge) {
            case AcmeChallenge.Http01 http -> feed.answer(http01(http));
            case AcmeChallenge.TlsAlpn01 tls -> feed.answer(tlsAlpn01(tls));
        };
        boolean served;
        try {
            served = channel.awaitAcknowledged(version, ackTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the edge took snapshot " + version + " with the"
                    + " challenge", e);
        }
        if (!served) {
            throw new IllegalStateException("no edge served snapshot " + version + " with the challenge within "
                    + ackTimeout.toSeconds() + " s (" + channel.connections().size() + " connected)");
        }
    }

    @Override
    public void withdraw(AcmeChallenge challenge) {
        switch (challenge) {
            case AcmeChallenge.Http01 http -> feed.withdraw(http01(http));
            case AcmeChallenge.TlsAlpn01 tls -> feed.withdraw(tlsAlpn01(tls));
        }
    }

    private static AcmeChallenges.Http01 http01(AcmeChallenge.Http01 challenge) {
        return new AcmeChallenges.Http01(challenge.token(), challenge.keyAuthorization());
    }

    private static AcmeChallenges.TlsAlpn01 tlsAlpn01(AcmeChallenge.TlsAlpn01 challenge) {
        return new AcmeChallenges.TlsAlpn01(challenge.host(), challenge.certificatePem(), challenge.keyPem());
    }
}
