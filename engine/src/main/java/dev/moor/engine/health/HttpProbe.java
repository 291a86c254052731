package dev.moor.engine.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** {@code GET http://address/path}: a 2xx or 3xx answer within the timeout passes. */
record HttpProbe(HttpClient client, URI uri, Duration timeout) implements HealthProbe {

    static HttpProbe of(HttpClient client, InetSocketAddress address, String path, Duration timeout) {
        String host = Addresses.literal(address);
        if (host.contains(":")) host = "[" + host + "]";
        return new HttpProbe(client, URI.create("http://" + host + ":" + address.getPort() + path), timeout);
    }

    @Override
    public ProbeResult probe() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            String detail = "GET " + uri + ": " + status;
            return status >= 200 && status < 400 ? ProbeResult.passed(detail) : ProbeResult.failed(detail);
        } catch (HttpTimeoutException e) {
            return ProbeResult.failed("GET " + uri + ": no answer within " + timeout.toMillis() + "ms");
        } catch (ConnectException e) {
            // The JDK client reports a refused connection without a message.
            return ProbeResult.failed("GET " + uri + ": connection refused");
        } catch (IOException e) {
            return ProbeResult.failed("GET " + uri + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("GET " + uri + ": interrupted");
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
