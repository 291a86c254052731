package dev.moor.server.api;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import jdk.net.UnixDomainPrincipal;

/** Who may call the API on its Unix socket: processes running as the server's own user, or as root. */
record AllowedPeers(UserPrincipal owner) {

    private static final UserPrincipal ROOT = userOfUid(0);

    /** The user this process runs as, by name when it has one, so that messages name it. */
    static AllowedPeers ofThisProcess() {
        UnixSystem system = new UnixSystem();
        UserPrincipal byUid = userOfUid(Math.toIntExact(system.getUid()));
        if (system.getUsername() != null) {
            try {
                UserPrincipal byName = FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByName(system.getUsername());
                if (byName.equals(byUid)) {
                    return new AllowedPeers(byName);
                }
            } catch (IOException e) {
                // Fall back to the uid, which is what counts.
            }
        }
        return new AllowedPeers(byUid);
    }

    /** Who is admitted, for messages. */
    String describe() {
        return owner.equals(ROOT)
                ? owner.getName() + ", who runs this server"
                : owner.getName() + ", who runs this server, or root";
    }

    boolean admits(UnixDomainPrincipal peer) {
        // The JDK's Unix principals are equal when their uids are, whatever their names.
        return peer.user().equals(owner) || peer.user().equals(ROOT);
    }

    /** A principal for {@code uid}: the JDK looks up the name, then falls back to reading it as a number. */
    static UserPrincipal userOfUid(int uid) {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            return users.lookupPrincipalByName(Integer.toString(uid));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up the user of uid " + uid + ": " + e.getMessage(), e);
        }
    }
}
