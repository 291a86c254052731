package dev.moor.edge.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/** The TLS implementation behind the edge's HTTPS port. */
public enum TlsProvider {
    /** OpenSSL's API through BoringSSL (netty-tcnative) where its native library loads, else the JDK's. */
    AUTO("auto"),
    /** BoringSSL through netty-tcnative: faster handshakes and records, OCSP stapling. */
    OPENSSL("openssl"),
    /** The JDK's own TLS. */
    JDK("jdk");

    private final String label;

    TlsProvider(String label) {
        this.label = label;
    }

    /** The name server.yaml and the logs use. */
    public String label() {
        return label;
    }

    /**
     * @throws IllegalArgumentException when {@code label} names no provider
     */
    public static TlsProvider of(String label) {
        for (TlsProvider provider : values()) {
            if (provider.label.equals(label)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("tls provider: " + label + " (expected: auto, openssl or jdk)");
    }

    /**
     * The implementation this machine gives for it.
     *
     * @throws IllegalStateException when {@link #OPENSSL} is asked for and its native library cannot load, with why
     */
    public SslProvider resolve() {
        return switch (this) {
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    Throwable cause = OpenSsl.unavailabilityCause();
                    throw new IllegalStateException("edge: tls provider openssl cannot load BoringSSL (netty-tcnative): "
                            + (cause == null ? "unknown reason" : cause.getMessage())
                            + " (expected: a linux-x86_64 machine with glibc, or tls provider auto or jdk)", cause);
                }
                yield SslProvider.OPENSSL;
            }
        };
    }
}
