package echo;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The echo service: answers every request with what it saw of it, as JSON. Listens on PORT (default 8080),
 * stops gracefully on SIGTERM.
 */
public final class Echo {

    private static final int DRAIN_SECONDS = 5;

    private Echo() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(Optional.ofNullable(System.getenv("PORT")).orElse("8080"));
        String servedBy = hostname();
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        Faults faults = Faults.fromEnvironment(System::getenv);
        server.createContext("/", new EchoHandler(servedBy, faults));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(Instant.now() + " stopping: finishing requests in flight (at most " + DRAIN_SECONDS + " s)");
            server.stop(DRAIN_SECONDS);
            System.out.println(Instant.now() + " stopped");
        }, "echo-shutdown"));
        server.start();
        System.out.println(Instant.now() + " echo " + servedBy + " listening on port " + port + faults.describe());
    }

    /** Docker names the container's host after the container, and says so in HOSTNAME. */
    private static String hostname() throws IOException {
        String hostname = System.getenv("HOSTNAME");
        return hostname != null && !hostname.isBlank() ? hostname : InetAddress.getLocalHost().getHostName();
    }
}
