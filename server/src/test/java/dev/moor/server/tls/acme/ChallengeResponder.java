package dev.moor.server.tls.acme;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * What the edge will do for the issuer, on loopback: answers published HTTP-01 tokens over plain HTTP (JDK
 * HttpServer) and TLS-ALPN-01 handshakes for SNI=host and ALPN {@code acme-tls/1} with the challenge certificate
 * (JDK SSLServerSocket), and records each challenge it answered, so a test sees that the CA really came.
 */
final class ChallengeResponder implements ChallengePublisher, AutoCloseable {

    private record Served(X509Certificate certificate, PrivateKey key) {}

    private final HttpServer http;
    private final SSLServerSocket tls;
    private final Thread acceptor;
    private final Map<String, AcmeChallenge.Http01> tokens = new ConcurrentHashMap<>();
    private final Map<String, Served> tlsHosts = new ConcurrentHashMap<>();
    private final List<AcmeChallenge> published = new CopyOnWriteArrayList<>();
    private final List<AcmeChallenge> withdrawn = new CopyOnWriteArrayList<>();
    private final List<String> answered = new CopyOnWriteArrayList<>();

    ChallengeResponder() throws IOException, GeneralSecurityException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
        http.createContext(AcmeChallenge.Http01.PATH_PREFIX, this::answerHttp);
        http.start();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new SniKeyManager()}, null, null);
        tls = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, loopback);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {AcmeChallenge.TlsAlpn01.ALPN});
        tls.setSSLParameters(parameters);
        acceptor = Thread.ofPlatform().daemon().name("tls-alpn-responder").start(this::acceptTls);
    }

    int httpPort() {
        return http.getAddress().getPort();
    }

    int tlsPort() {
        return tls.getLocalPort();
    }

    /** "http-01 HOST" or "tls-alpn-01 HOST" for each validation request answered. */
    List<String> answered() {
        return List.copyOf(answered);
    }

    List<AcmeChallenge> published() {
        return List.copyOf(published);
    }

    List<AcmeChallenge> withdrawn() {
        return List.copyOf(withdrawn);
    }

    @Override
    public void publish(AcmeChallenge challenge) {
        published.add(challenge);
        switch (challenge) {
            case AcmeChallenge.Http01 token -> tokens.put(token.token(), token);
            case AcmeChallenge.TlsAlpn01 certificate -> tlsHosts.put(certificate.host(), new Served(
                    Pems.certificates(certificate.certificatePem()).getFirst(), Pems.privateKey(certificate.keyPem())));
        }
    }

    @Override
    public void withdraw(AcmeChallenge challenge) {
        withdrawn.add(challenge);
        switch (challenge) {
            case AcmeChallenge.Http01 token -> tokens.remove(token.token());
            case AcmeChallenge.TlsAlpn01 certificate -> tlsHosts.remove(certificate.host());
        }
    }

    private void answerHttp(HttpExchange exchange) throws IOException {
        String token = exchange.getRequestURI().getPath().substring(AcmeChallenge.Http01.PATH_PREFIX.length());
        AcmeChallenge.Http01 challenge = tokens.get(token);
        String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).replaceFirst(":\\d+$", "");
        try (exchange) {
            if (challenge == null || !challenge.host().equals(host)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = challenge.keyAuthorization().getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            answered.add("http-01 " + host);
        }
    }

    private void acceptTls() {
        while (!tls.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) tls.accept();
                Thread.ofVirtual().start(() -> handshake(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** TLS-ALPN-01 ends with the handshake: the CA reads the certificate and closes. */
    private void handshake(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            if (AcmeChallenge.TlsAlpn01.ALPN.equals(socket.getApplicationProtocol())
                    && socket.getSession() instanceof ExtendedSSLSession session) {
                answered.add("tls-alpn-01 " + serverName(session));
            }
        } catch (IOException e) {
            // A handshake for a host with no challenge published fails, as the edge's would.
        }
    }

    private static String serverName(ExtendedSSLSession session) {
        for (SNIServerName name : session.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return host.getAsciiName();
            }
        }
        return "(no SNI)";
    }

    /** Picks the published challenge certificate of the host the client named (SNI). */
    private final class SniKeyManager extends X509ExtendedKeyManager {

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() instanceof ExtendedSSLSession session) {
                String host = serverName(session);
                Served served = tlsHosts.get(host);
                if (served != null && served.key().getAlgorithm().equals(keyType)) {
                    return host;
                }
            }
            return null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Served served = tlsHosts.get(alias);
            return served == null ? null : new X509Certificate[] {served.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Served served = tlsHosts.get(alias);
            return served == null ? null : served.key();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        http.stop(0);
        tls.close();
        acceptor.join();
    }
}
