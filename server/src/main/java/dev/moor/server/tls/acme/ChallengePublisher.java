package dev.moor.server.tls.acme;

/**
 * Makes the edge answer a challenge while the CA validates it. The issuer publishes a challenge, asks the CA to
 * validate it, and withdraws it once the CA has decided (or the order failed), whatever happened.
 */
public interface ChallengePublisher {

    /**
     * Starts answering the challenge. Returns once every edge that the CA may reach answers it, since the CA may
     * check right after; throws when that cannot be done, which fails the order.
     */
    void publish(AcmeChallenge challenge);

    /** Stops answering the challenge; one that was not published is ignored. */
    void withdraw(AcmeChallenge challenge);
}
