package dev.moor.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Raw bytes over a socket, for requests no HTTP client would send; reads until the server closes or goes quiet. */
final class RawHttp implements AutoCloseable {
    private final Socket socket;

    RawHttp(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over a socket of the test's own, a TLS one say. */
    RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Everything until the server closes the connection (or 5 s pass). */
    String readUntilClosed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            out.write("<timeout: connection still open>".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            out.write(("<" + e.getMessage() + ">").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the text received ends with {@code suffix} (for responses to HEAD, whose length says nothing). */
    String readUntilEnding(String suffix) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (!out.toString(StandardCharsets.ISO_8859_1).endsWith(suffix)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until {@code count} complete responses with Content-Length bodies arrived. */
    String readResponses(int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        while (completeResponses(out.toString(StandardCharsets.ISO_8859_1)) < count) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Complete final responses in {@code text}: interim (1xx) ones are skipped, bodies framed by length or chunks. */
    private static int completeResponses(String text) {
        int count = 0;
        int at = 0;
        while (true) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                return count;
            }
            String head = text.substring(at, headEnd).toLowerCase(java.util.Locale.ROOT);
            int next = head.contains("transfer-encoding: chunked") ? chunkedEnd(text, headEnd + 4)
                    : headEnd + 4 + contentLength(head);
            if (next < 0 || next > text.length()) {
                return count;
            }
            if (!head.startsWith("http/1.1 1")) {
                count++;
            }
            at = next;
        }
    }

    private static int contentLength(String head) {
        int cl = head.indexOf("content-length:");
        if (cl < 0) {
            return 0;
        }
        int end = head.indexOf("\r\n", cl);
        return Integer.parseInt(head.substring(cl + 15, end < 0 ? head.length() : end).strip());
    }

    /** Where a chunked body starting at {@code at} ends (after its trailers), or -1 when it is not complete yet. */
    private static int chunkedEnd(String text, int at) {
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                return -1;
            }
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                int end = text.indexOf("\r\n\r\n", lineEnd);
                return end < 0 ? -1 : end + 4;
            }
            at = lineEnd + 2 + size + 2;
            if (at > text.length()) {
                return -1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
