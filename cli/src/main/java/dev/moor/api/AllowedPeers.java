package dev.moor.api;

/** Who may call the local API: processes running as the server's own user, or root. */
record AllowedPeers(int ownerUid) {

    boolean admits(int peerUid) {
        return peerUid == ownerUid || peerUid == 0;
    }
}
