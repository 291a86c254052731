package dev.moor.server.api;

import dev.moor.server.tls.CertificateAuthority;
import dev.moor.server.tls.ClientBundle;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/** The API over TCP with mutual TLS, through {@code java.net.http}, presenting a client bundle. */
final class TlsClient implements ApiClient {

    private final URI server;
    private final Path bundleDirectory;
    private final HttpClient http;

    TlsClient(URI server, ClientBundle bundle, Path bundleDirectory) {
        this.server = checkedServer(server);
        this.bundleDirectory = Objects.requireNonNull(bundleDirectory, "bundleDirectory");
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(CertificateAuthority.TLS_PROTOCOLS.toArray(String[]::new));
        this.http = HttpClient.newBuilder()
                .sslContext(bundle.sslContext())
                .sslParameters(parameters)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(ClientSupport.CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static URI checkedServer(URI server) {
        Objects.requireNonNull(server, "server");
        if (!"https".equals(server.getScheme()) || server.getHost() == null
                || (server.getRawPath() != null && !server.getRawPath().isEmpty() && !server.getRawPath().equals("/"))
                || server.getRawQuery() != null) {
            throw new IllegalArgumentException("server: " + server + " (expected: https://HOST:PORT, for example "
                    + "https://moor.example.com:7443)");
        }
        return URI.create("https://" + server.getRawAuthority());
    }

    @Override
    public ApiResponse call(String method, String pathAndQuery, Object jsonBody) {
        return send(request(method, pathAndQuery, jsonBody), method, pathAndQuery, ClientSupport.REQUEST_TIMEOUT);
    }

    @Override
    public ApiResponse upload(String pathAndQuery, Path file) {
        ClientSupport.checkedPath(pathAndQuery);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(server + pathAndQuery))
                    .header("Accept", "application/json")
                    .header("Content-Type", ClientSupport.UPLOAD_CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + file + " to upload it: " + ClientSupport.describe(e), e);
        }
        return send(request, "PUT", pathAndQuery, ClientSupport.uploadTimeout(ClientSupport.uploadSize(file)));
    }

    private ApiResponse send(HttpRequest.Builder request, String method, String pathAndQuery, Duration timeout) {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw ClientSupport.answered(response.statusCode(), response.body());
            }
            return new ApiResponse(response.statusCode(), response.body());
        } catch (IOException e) {
            throw failure(method, pathAndQuery, e, timeout);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    @Override
    public void stream(String method, String pathAndQuery, Object jsonBody, Consumer<String> lines) {
        // No request timeout: it would also bound the body, and a follow stream may rightly last for hours.
        HttpRequest request = request(method, pathAndQuery, jsonBody).build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw failure(method, pathAndQuery, e, ClientSupport.REQUEST_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw ClientSupport.answered(response.statusCode(), body.readNBytes(ClientSupport.MAX_ERROR_BYTES));
            }
            LineSplitter splitter = new LineSplitter(lines);
            byte[] chunk = new byte[16 * 1024];
            for (int read = body.read(chunk); read >= 0; read = body.read(chunk)) {
                splitter.feed(chunk, 0, read);
            }
            splitter.finish();
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof InterruptedIOException) {
                Thread.currentThread().interrupt();
                return;
            }
            throw failure(method, pathAndQuery, e, ClientSupport.REQUEST_TIMEOUT);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpRequest.Builder request(String method, String pathAndQuery, Object jsonBody) {
        ClientSupport.checkedMethod(method);
        ClientSupport.checkedPath(pathAndQuery);
        byte[] body = ClientSupport.json(jsonBody, pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + pathAndQuery))
                .header("Accept", "application/json, " + NdjsonStream.CONTENT_TYPE)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder;
    }

    private RuntimeException failure(String method, String pathAndQuery, IOException e, Duration timeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return new ApiException(504, "the Moor server at " + server + " did not accept a connection within "
                    + ClientSupport.describe(ClientSupport.CONNECT_TIMEOUT), e);
        }
        if (e instanceof HttpTimeoutException) {
            return new ApiException(504, "the Moor server at " + server + " did not answer " + method + " "
                    + pathAndQuery + " within " + ClientSupport.describe(timeout), e);
        }
        if (causedBy(e, ConnectException.class)) {
            return new ApiException(503, "no Moor server answers at " + server + ": " + ClientSupport.describe(e), e);
        }
        if (causedBy(e, SSLException.class)) {
            return new ApiException(503, "the TLS handshake with the Moor server at " + server + " failed: "
                    + ClientSupport.describe(e) + " (expected: a client bundle in " + bundleDirectory + " issued by "
                    + "that server's CA and valid now, and a server name its certificate lists)", e);
        }
        return new ApiException(502, "the connection to the Moor server at " + server + " failed during " + method
                + " " + pathAndQuery + ": " + ClientSupport.describe(e), e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private CancellationException interrupted() {
        Thread.currentThread().interrupt();
        return new CancellationException("interrupted while talking to the Moor server at " + server);
    }

    @Override
    public String toString() {
        return "ApiClient[" + server + ", " + bundleDirectory + "]";
    }
}
