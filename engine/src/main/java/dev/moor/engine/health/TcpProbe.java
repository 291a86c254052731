package dev.moor.engine.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A TCP connection to the address, established within the timeout, passes. */
record TcpProbe(InetSocketAddress address, Duration timeout) implements HealthProbe {

    @Override
    public ProbeResult probe() {
        String target = "tcp " + Addresses.literal(address) + ":" + address.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) Math.max(1, timeout.toMillis()));
            return ProbeResult.passed(target + ": connected");
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed(target + ": no connection within " + timeout.toMillis() + "ms");
        } catch (IOException e) {
            return ProbeResult.failed(target + ": " + (e.getMessage() != null ? e.getMessage() : e));
        }
    }
}
