package dev.moor.server.api;

import dev.moor.server.tls.CertificateAuthority;
import dev.moor.server.tls.ServerCertificate;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Configures an {@link ApiServer}: its Unix socket (required), its mutual-TLS port (optional) and its routes.
 *
 * <pre>{@code
 * ApiServer server = ApiServer.builder()
 *         .unixSocket(home.resolve("run/api.sock"))
 *         .mutualTls("0.0.0.0", 7443, ca.issueServer(List.of("moor.example.com")))
 *         .routes(routes -> routes.get("/apps/{app}", ctx -> ctx.json(apps.get(ctx.pathParam("app")))))
 *         .start();
 * }</pre>
 */
public final class ApiServerBuilder {

    /**
     * How long a connection may wait on I/O: an idle keep-alive connection, or a write to a client that stopped
     * reading. Jetty does not count it while a handler runs without pending I/O, so a quiet follow stream stays open.
     */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private record TlsPort(String host, int port, ServerCertificate certificate) {
    }

    private Path socket;
    private TlsPort tls;
    private Consumer<RoutesConfig> routes = routes -> { };
    private PeerCredentials peerCredentials = PeerCredentials.SO_PEERCRED;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

    ApiServerBuilder() {
    }

    /**
     * Serves the API on the Unix socket {@code socket}, mode 0600, to the server's own user and root only. Its
     * directory is created mode 0700 when missing, and must be the server user's and mode 0700 when it exists.
     */
    public ApiServerBuilder unixSocket(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket").toAbsolutePath();
        return this;
    }

    /**
     * Also serves the API on TCP {@code host:port} (port 0: any free one), to clients presenting a certificate that
     * {@code certificate}'s CA issued and that is valid now; TLS 1.3, or 1.2.
     */
    public ApiServerBuilder mutualTls(String host, int port, ServerCertificate certificate) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(certificate, "certificate");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TLS port: " + port + " (expected: 0..65535, 0 for any free port)");
        }
        this.tls = new TlsPort(host, port, certificate);
        return this;
    }

    /**
     * Adds the endpoints: {@code routes} receives Javalin's route configuration. A handler learns who called with
     * {@link ApiCaller#of}, streams with {@link NdjsonStream}, and fails with {@link ApiException}.
     */
    public ApiServerBuilder routes(Consumer<RoutesConfig> routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
        return this;
    }

    /** Replaces SO_PEERCRED, so that a test can play a peer of another user. */
    ApiServerBuilder peerCredentials(PeerCredentials peerCredentials) {
        this.peerCredentials = Objects.requireNonNull(peerCredentials, "peerCredentials");
        return this;
    }

    ApiServerBuilder idleTimeout(Duration idleTimeout) {
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        return this;
    }

    /**
     * Binds the socket (and the TLS port) and starts serving.
     *
     * @throws IllegalStateException when another Moor server answers on the socket, or the socket's path or
     *     directory is unfit
     * @throws UncheckedIOException when the socket or the port cannot be bound
     */
    public ApiServer start() {
        if (socket == null) {
            throw new IllegalStateException("an API server needs a Unix socket (expected: unixSocket(path) before "
                    + "start())");
        }
        AllowedPeers allowed = AllowedPeers.ofThisProcess();
        try {
            SocketFile.prepare(socket, allowed.owner());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the API socket " + socket + ": " + e.getMessage(), e);
        }
        ServerConnector[] tlsConnector = new ServerConnector[1];
        OpenStreams openStreams = new OpenStreams();
        Javalin app = Javalin.create(config -> {
            configure(config);
            config.appData(OpenStreams.KEY, openStreams);
            config.routes.after(ctx -> {
                if (ctx.attribute(OpenStreams.ATTRIBUTE) instanceof NdjsonStream stream) {
                    openStreams.remove(stream);
                }
            });
            config.jetty.addConnector((server, http) -> unixConnector(server, http, allowed));
            if (tls != null) {
                config.jetty.addConnector((server, http) -> tlsConnector[0] = tlsConnector(server, http));
            }
            JsonErrors.install(config.routes);
            routes.accept(config.routes);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            stopQuietly(app, e);
            throw startFailure(e);
        }
        try {
            SocketFile.restrictToOwner(socket);
        } catch (IOException e) {
            stopQuietly(app, e);
            throw new UncheckedIOException("cannot restrict the API socket " + socket + " to its owner (mode 0600): "
                    + e.getMessage(), e);
        }
        return new ApiServer(app, socket, tlsConnector[0], openStreams);
    }

    private static void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
        // Streams must reach the client as they are written; compression would hold them back.
        config.http.compressionStrategy = CompressionStrategy.NONE;
        // A follow stream holds its thread for as long as the client watches.
        config.concurrency.useVirtualThreads = true;
        config.jsonMapper(new JavalinJackson(ApiJson.mapper(), true));
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyJsonErrors()));
    }

    private PeerCheckingConnector unixConnector(Server server, HttpConfiguration http, AllowedPeers allowed) {
        HttpConfiguration local = new HttpConfiguration(http);
        local.addCustomizer(CallerCustomizer.UNIX_SOCKET);
        PeerCheckingConnector connector =
                new PeerCheckingConnector(server, allowed, peerCredentials, new HttpConnectionFactory(local));
        connector.setUnixDomainPath(socket);
        connector.setIdleTimeout(idleTimeout.toMillis());
        return connector;
    }

    private ServerConnector tlsConnector(Server server, HttpConfiguration http) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls.certificate().sslContext());
        // Refused in the handshake: no certificate, another CA's, or one not valid now.
        ssl.setNeedClientAuth(true);
        ssl.setIncludeProtocols(CertificateAuthority.TLS_PROTOCOLS.toArray(String[]::new));
        HttpConfiguration secure = new HttpConfiguration(http);
        // Clients check the server's name against its certificate; the server need not check SNI too.
        secure.addCustomizer(new SecureRequestCustomizer(false));
        secure.addCustomizer(CallerCustomizer.MUTUAL_TLS);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(secure));
        connector.setHost(tls.host());
        connector.setPort(tls.port());
        connector.setIdleTimeout(idleTimeout.toMillis());
        return connector;
    }

    private RuntimeException startFailure(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IOException)) {
            cause = cause.getCause();
        }
        String where = tls == null ? socket.toString() : socket + " and " + tls.host() + ":" + tls.port();
        if (cause instanceof IOException io) {
            Throwable root = io;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String reason = root == io ? io.getMessage() : io.getMessage() + ": " + root.getMessage();
            return new UncheckedIOException("cannot serve the API on " + where + ": " + reason, io);
        }
        return new IllegalStateException("cannot serve the API on " + where + ": " + cause.getMessage(), e);
    }

    private static void stopQuietly(Javalin app, Exception failure) {
        try {
            app.stop();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
