package dev.moor.server.api;

import io.javalin.http.Context;

/**
 * Who made a request: a local user on the Unix socket, or the holder of a client certificate on the TLS port.
 * The transport sets it before any handler runs; {@link #of(Context)} reads it.
 */
public sealed interface ApiCaller {

    /** The request attribute that holds the caller. */
    String ATTRIBUTE = "dev.moor.server.api.caller";

    /** How deploy history and logs name the caller, for example {@code alice (local)} or {@code ops-laptop (tls)}. */
    String who();

    /** A process on this host, running as {@code user} (a user name, or the uid when it has no name). */
    record LocalUser(String user) implements ApiCaller {
        @Override
        public String who() {
            return user + " (local)";
        }
    }

    /** A remote client, named by the common name of the certificate it presented. */
    record RemoteClient(String name) implements ApiCaller {
        @Override
        public String who() {
            return name + " (tls)";
        }
    }

    /**
     * The caller of the request {@code ctx} serves.
     *
     * @throws IllegalStateException when the request did not come through an {@link ApiServer}
     */
    static ApiCaller of(Context ctx) {
        Object caller = ctx.attribute(ATTRIBUTE);
        if (caller instanceof ApiCaller known) {
            return known;
        }
        throw new IllegalStateException("the request " + ctx.method() + " " + ctx.path() + " has no caller "
                + "(expected: a request that came through an ApiServer's Unix socket or TLS port)");
    }
}
