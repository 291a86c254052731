package echo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers {@code /healthz} with {@code ok} and every other path with the request as the service saw it. For trying
 * deploys, it can be made a bad version: see {@link Faults}.
 */
final class EchoHandler implements HttpHandler {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String servedBy;
    private final Faults faults;

    EchoHandler(String servedBy, Faults faults) {
        this.servedBy = servedBy;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            int status = 200;
            byte[] body;
            if (path.equals("/healthz")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                status = faults.unhealthy() ? 503 : 200;
                body = (faults.unhealthy() ? "unhealthy (ECHO_UNHEALTHY)\n" : "ok\n").getBytes(StandardCharsets.UTF_8);
            } else {
                faults.delay();
                status = faults.failNow() ? 500 : 200;
                exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
                body = echo(exchange, status).getBytes(StandardCharsets.UTF_8);
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            System.out.println(Instant.now() + " " + exchange.getRemoteAddress().getAddress().getHostAddress() + " \""
                    + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())
                    + "\" " + status + " " + body.length);
        }
    }

    private String echo(HttpExchange exchange, int status) {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, b) -> a + ", " + b));
        Map<String, Object> answer = new TreeMap<>();
        answer.put("calculated-return-path", ReturnPath.of(exchange.getRequestURI(), headers,
                exchange.getLocalAddress()));
        answer.put("incoming-headers", headers);
        answer.put("served-by", servedBy);
        answer.put("status-code", status);
        answer.put("timestamp", TIMESTAMP.format(Instant.now()));
        return Json.write(answer) + "\n";
    }
}
