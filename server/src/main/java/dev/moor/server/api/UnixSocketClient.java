package dev.moor.server.api;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The API over its Unix socket, which {@code java.net.http} cannot reach: HTTP/1.1 on a blocking
 * {@link SocketChannel}, one connection per request. A deadline closes the channel of a request the server is too
 * slow to answer; an interrupt closes it too (the channel is interruptible).
 */
final class UnixSocketClient implements ApiClient {

    /** One daemon thread for every client's deadlines: it only closes channels. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "moor-api-client-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private final Path socket;
    private final Duration requestTimeout;

    UnixSocketClient(Path socket) {
        this(socket, ClientSupport.REQUEST_TIMEOUT);
    }

    UnixSocketClient(Path socket, Duration requestTimeout) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public ApiResponse call(String method, String pathAndQuery, Object jsonBody) {
        Exchange exchange = open(method, pathAndQuery, jsonBody);
        Deadline deadline = exchange.deadline(requestTimeout);
        try (exchange) {
            HttpWire.Head head = exchange.reader.readHead(method);
            if (head.status() < 200 || head.status() > 299) {
                throw ClientSupport.answered(head.status(), exchange.reader.readBody(ClientSupport.MAX_ERROR_BYTES));
            }
            return new ApiResponse(head.status(), exchange.reader.readBody(ClientSupport.MAX_RESPONSE_BYTES));
        } catch (IOException e) {
            throw failure(method, pathAndQuery, e, deadline);
        } finally {
            deadline.cancel();
        }
    }

    @Override
    public ApiResponse upload(String pathAndQuery, Path file) {
        ClientSupport.checkedPath(pathAndQuery);
        long size = ClientSupport.uploadSize(file);
        Duration timeout = ClientSupport.uploadTimeout(size);
        Exchange exchange = open("PUT", pathAndQuery,
                HttpWire.head("PUT", pathAndQuery, ClientSupport.UPLOAD_CONTENT_TYPE, size), file);
        Deadline deadline = exchange.deadline(timeout);
        try (exchange) {
            HttpWire.Head head = exchange.reader.readHead("PUT");
            if (head.status() < 200 || head.status() > 299) {
                throw ClientSupport.answered(head.status(), exchange.reader.readBody(ClientSupport.MAX_ERROR_BYTES));
            }
            return new ApiResponse(head.status(), exchange.reader.readBody(ClientSupport.MAX_RESPONSE_BYTES));
        } catch (IOException e) {
            throw failure("PUT", pathAndQuery, e, deadline, timeout);
        } finally {
            deadline.cancel();
        }
    }

    @Override
    public void stream(String method, String pathAndQuery, Object jsonBody, Consumer<String> lines) {
        Exchange exchange = open(method, pathAndQuery, jsonBody);
        // Only the head has a deadline: a follow stream may rightly last for hours.
        Deadline deadline = exchange.deadline(requestTimeout);
        try (exchange) {
            HttpWire.Head head = exchange.reader.readHead(method);
            deadline.cancel();
            if (head.status() < 200 || head.status() > 299) {
                throw ClientSupport.answered(head.status(), exchange.reader.readBody(ClientSupport.MAX_ERROR_BYTES));
            }
            LineSplitter splitter = new LineSplitter(lines);
            byte[] chunk = new byte[16 * 1024];
            for (int read = exchange.reader.readBody(chunk); read >= 0; read = exchange.reader.readBody(chunk)) {
                splitter.feed(chunk, 0, read);
            }
            splitter.finish();
        } catch (ClosedByInterruptException e) {
            // The interrupt flag is set: the caller asked to stop, which closing the channel did.
        } catch (IOException e) {
            throw failure(method, pathAndQuery, e, deadline);
        } finally {
            deadline.cancel();
        }
    }

    @Override
    public void close() {
        // Nothing to release: each request has its own connection, closed at its end.
    }

    private Exchange open(String method, String pathAndQuery, Object jsonBody) {
        ClientSupport.checkedMethod(method);
        ClientSupport.checkedPath(pathAndQuery);
        return open(method, pathAndQuery, HttpWire.request(method, pathAndQuery, ClientSupport.json(jsonBody, pathAndQuery)),
                null);
    }

    /** Connects and sends {@code request}, then the bytes of {@code body} when not null. */
    private Exchange open(String method, String pathAndQuery, byte[] request, Path body) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new ApiException(503, "cannot open a Unix socket: " + ClientSupport.describe(e), e);
        }
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            closeQuietly(channel);
            throw connectFailure(e);
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(request);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (body != null) {
                try (FileChannel file = FileChannel.open(body)) {
                    for (long sent = 0, size = file.size(); sent < size; ) {
                        sent += file.transferTo(sent, size - sent, channel);
                    }
                }
            }
        } catch (IOException e) {
            closeQuietly(channel);
            if (e instanceof ClosedByInterruptException) {
                throw interrupted();
            }
            throw new ApiException(502, "the connection to the Moor server at " + socket + " failed while sending "
                    + method + " " + pathAndQuery + ": " + ClientSupport.describe(e), e);
        }
        return new Exchange(channel, new HttpWire.ResponseReader(channel));
    }

    private RuntimeException connectFailure(IOException e) {
        if (e instanceof ClosedByInterruptException) {
            return interrupted();
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return new ApiException(503, "no Moor server at " + socket + " (no socket there: is 'moor server' "
                    + "running?)", e);
        }
        if (e instanceof ConnectException) {
            return new ApiException(503, "no Moor server answers at " + socket + " (a socket left by a server that "
                    + "stopped: is 'moor server' running?)", e);
        }
        String reason = ClientSupport.describe(e);
        if (reason.toLowerCase(Locale.ROOT).contains("permission denied")) {
            return new ApiException(503, "cannot connect to the Moor server at " + socket + ": permission denied "
                    + "(only the user running the server, and root, may use its socket)", e);
        }
        return new ApiException(503, "cannot connect to the Moor server at " + socket + ": " + reason, e);
    }

    private RuntimeException failure(String method, String pathAndQuery, IOException e, Deadline deadline) {
        return failure(method, pathAndQuery, e, deadline, requestTimeout);
    }

    private RuntimeException failure(String method, String pathAndQuery, IOException e, Deadline deadline,
                                     Duration timeout) {
        if (deadline.expired()) {
            return new ApiException(504, "the Moor server at " + socket + " did not answer " + method + " "
                    + pathAndQuery + " within " + ClientSupport.describe(timeout), e);
        }
        if (e instanceof ClosedByInterruptException) {
            return interrupted();
        }
        if (e instanceof EOFException) {
            return new ApiException(502, "the Moor server at " + socket + " " + e.getMessage() + " to " + method + " "
                    + pathAndQuery, e);
        }
        return new ApiException(502, "the connection to the Moor server at " + socket + " failed during " + method
                + " " + pathAndQuery + ": " + ClientSupport.describe(e), e);
    }

    private CancellationException interrupted() {
        Thread.currentThread().interrupt();
        return new CancellationException("interrupted while talking to the Moor server at " + socket);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is all that was left to do with it.
        }
    }

    /** The request's connection and its reader. */
    private record Exchange(SocketChannel channel, HttpWire.ResponseReader reader) implements AutoCloseable {

        Deadline deadline(Duration timeout) {
            AtomicBoolean expired = new AtomicBoolean();
            ScheduledFuture<?> task = DEADLINES.schedule(() -> {
                expired.set(true);
                closeQuietly(channel);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Deadline(task, expired);
        }

        @Override
        public void close() {
            closeQuietly(channel);
        }
    }

    private record Deadline(ScheduledFuture<?> task, AtomicBoolean expiredFlag) {

        void cancel() {
            task.cancel(false);
        }

        boolean expired() {
            return expiredFlag.get();
        }
    }

    @Override
    public String toString() {
        return "ApiClient[" + socket + "]";
    }
}
