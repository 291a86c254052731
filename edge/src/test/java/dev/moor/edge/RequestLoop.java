package dev.moor.edge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client thread sending GET / to 127.0.0.1:port in a tight loop until closed, over raw sockets so that no client
 * library retries anything behind the test's back: either on a new connection per request (Connection: close), or
 * over one keep-alive connection, opened again only when a response says Connection: close. Every answer is
 * counted by its body; anything else (a refused or reset connection, a connection closed without a whole response,
 * a status other than 200) is a failure.
 */
final class RequestLoop implements AutoCloseable {
    private final int port;
    private final boolean keepAlive;
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    private RequestLoop(int port, boolean keepAlive) {
        this.port = port;
        this.keepAlive = keepAlive;
        this.thread = Thread.ofPlatform().daemon().name(keepAlive ? "keep-alive-client" : "new-connection-client")
                .start(this::run);
    }

    /** Each request on a connection of its own. */
    static RequestLoop newConnectionEach(int port) {
        return new RequestLoop(port, false);
    }

    /** Requests one after the other over a keep-alive connection. */
    static RequestLoop keepAlive(int port) {
        return new RequestLoop(port, true);
    }

    private void run() {
        Socket socket = null;
        while (!stopped) {
            try {
                if (socket == null) {
                    socket = new Socket("127.0.0.1", port);
                    socket.setSoTimeout(10_000);
                }
                OutputStream out = socket.getOutputStream();
                out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                        + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                boolean close = read(new BufferedInputStream(socket.getInputStream()));
                if (!keepAlive || close) {
                    socket.close();
                    socket = null;
                }
            } catch (IOException | RuntimeException e) {
                failures.add(e.toString());
                closeQuietly(socket);
                socket = null;
            }
        }
        closeQuietly(socket);
    }

    /** Reads one response; true when the server closes the connection after it. */
    private boolean read(InputStream in) throws IOException {
        String head = head(in);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        int length = -1;
        boolean close = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).strip());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("response without content-length: " + head);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (status != 200) {
            throw new IOException("status " + status + ": " + text);
        }
        answers.computeIfAbsent(text, key -> new AtomicInteger()).incrementAndGet();
        return close;
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of a response head");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Answers with this body so far. */
    int answered(String body) {
        AtomicInteger count = answers.get(body);
        return count == null ? 0 : count.get();
    }

    int answeredInAll() {
        return answers.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    List<String> failures() {
        return failures;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(15_000);
    }
}
