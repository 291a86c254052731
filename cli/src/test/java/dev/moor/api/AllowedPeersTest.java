package dev.moor.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowedPeersTest {

    @Test
    void admitsTheOwnerAndRootOnly() {
        AllowedPeers peers = new AllowedPeers(1000);

        assertThat(peers.admits(1000)).isTrue();
        assertThat(peers.admits(0)).isTrue();
        assertThat(peers.admits(1001)).isFalse();
        assertThat(peers.admits(65534)).isFalse();
    }
}
