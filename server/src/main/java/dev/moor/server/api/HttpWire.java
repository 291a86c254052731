package dev.moor.server.api;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough HTTP/1.1 for one request per connection over a Unix socket: writing a request, reading a response's
 * head and its body, whole or as it arrives, with Content-Length, chunked, or until the server closes.
 */
final class HttpWire {

    private static final int MAX_HEAD_LINE_BYTES = 16 * 1024;
    private static final int MAX_HEADERS = 100;

    private HttpWire() {
    }

    /** A request that asks the server to close the connection after its answer. */
    static byte[] request(String method, String pathAndQuery, byte[] jsonBody) {
        byte[] head = head(method, pathAndQuery, jsonBody == null ? null : "application/json",
                jsonBody == null ? 0 : jsonBody.length);
        if (jsonBody == null) {
            return head;
        }
        byte[] request = new byte[head.length + jsonBody.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(jsonBody, 0, request, head.length, jsonBody.length);
        return request;
    }

    /** A request's head, for a body of {@code length} bytes of {@code contentType} (none when null) to follow. */
    static byte[] head(String method, String pathAndQuery, String contentType, long length) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: moor\r\n")
                .append("Accept: application/json, ").append(NdjsonStream.CONTENT_TYPE).append("\r\n")
                .append("Connection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (contentType != null || !method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    record Head(int status, Map<String, String> headers) {

        /** The value of header {@code name} (any case), or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Reads one response from a blocking channel. */
    static final class ResponseReader {

        private enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

        private final ReadableByteChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).flip();
        private Framing framing;
        private long remaining;
        private boolean chunkDataRead;
        private boolean ended;

        ResponseReader(ReadableByteChannel channel) {
            this.channel = channel;
        }

        /** The head of the response, skipping interim (1xx) ones. */
        Head readHead(String method) throws IOException {
            while (true) {
                String statusLine = readLine();
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                    throw new IOException("not an HTTP/1.1 status line: " + abbreviate(statusLine));
                }
                int status;
                try {
                    status = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IOException("not an HTTP status: " + abbreviate(statusLine));
                }
                Map<String, String> headers = readHeaders();
                if (status >= 100 && status < 200) {
                    continue;
                }
                Head head = new Head(status, headers);
                startBody(head, method);
                return head;
            }
        }

        /**
         * Reads what of the body has arrived into {@code destination}, blocking only while nothing has.
         *
         * @return the number of bytes read, or -1 at the end of the body
         * @throws EOFException when the server closed the connection before the end of the body
         */
        int readBody(byte[] destination) throws IOException {
            if (ended) {
                return -1;
            }
            return switch (framing) {
                case NONE -> end();
                case UNTIL_CLOSE -> {
                    int read = readRaw(destination, destination.length);
                    yield read < 0 ? end() : read;
                }
                case LENGTH -> {
                    if (remaining == 0) {
                        yield end();
                    }
                    int read = readRaw(destination, (int) Math.min(destination.length, remaining));
                    if (read < 0) {
                        throw new EOFException("closed before the end of its answer (" + remaining + " bytes missing)");
                    }
                    remaining -= read;
                    yield read;
                }
                case CHUNKED -> readChunked(destination);
            };
        }

        /** The whole body, at most {@code maxBytes} of it. */
        byte[] readBody(int maxBytes) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            for (int read = readBody(chunk); read >= 0; read = readBody(chunk)) {
                if (body.size() + read > maxBytes) {
                    throw new IOException("answered more than " + maxBytes + " bytes");
                }
                body.write(chunk, 0, read);
            }
            return body.toByteArray();
        }

        private void startBody(Head head, String method) throws IOException {
            String transferEncoding = head.header("Transfer-Encoding");
            String contentLength = head.header("Content-Length");
            if (method.equals("HEAD") || head.status() == 204 || head.status() == 304) {
                framing = Framing.NONE;
            } else if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                framing = Framing.CHUNKED;
            } else if (contentLength != null) {
                framing = Framing.LENGTH;
                try {
                    remaining = Long.parseLong(contentLength.strip());
                } catch (NumberFormatException e) {
                    throw new IOException("not a Content-Length: " + abbreviate(contentLength));
                }
            } else {
                framing = Framing.UNTIL_CLOSE;
            }
        }

        private int readChunked(byte[] destination) throws IOException {
            if (remaining == 0) {
                if (chunkDataRead) {
                    expectEmpty(readLine()); // the CRLF that ends a chunk's data
                }
                String sizeLine = readLine();
                int extension = sizeLine.indexOf(';');
                String size = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip();
                try {
                    remaining = Long.parseLong(size, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("not a chunk size: " + abbreviate(sizeLine));
                }
                if (remaining < 0) {
                    throw new IOException("not a chunk size: " + abbreviate(sizeLine));
                }
                if (remaining == 0) {
                    readHeaders(); // trailers
                    return end();
                }
                chunkDataRead = true;
            }
            int read = readRaw(destination, (int) Math.min(destination.length, remaining));
            if (read < 0) {
                throw new EOFException("closed in the middle of a chunk of its answer");
            }
            remaining -= read;
            return read;
        }

        private int end() {
            ended = true;
            return -1;
        }

        private Map<String, String> readHeaders() throws IOException {
            Map<String, String> headers = new HashMap<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("not an HTTP header: " + abbreviate(line));
                }
                if (headers.size() >= MAX_HEADERS) {
                    throw new IOException("sent more than " + MAX_HEADERS + " headers");
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                headers.merge(name, value, (first, second) -> first + ", " + second);
            }
            return headers;
        }

        private void expectEmpty(String line) throws IOException {
            if (!line.isEmpty()) {
                throw new IOException("a chunk is longer than its size says: " + abbreviate(line));
            }
        }

        /** One line of the head, without its CRLF. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                boolean nothingYet = line.size() == 0 && framing == null;
                if (!buffer.hasRemaining() && fillOrReset(nothingYet) < 0) {
                    throw new EOFException(nothingYet
                            ? "closed the connection without answering"
                            : "closed the connection in the middle of its answer");
                }
                byte b = buffer.get();
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
                if (line.size() > MAX_HEAD_LINE_BYTES) {
                    throw new IOException("sent a head line longer than " + MAX_HEAD_LINE_BYTES + " bytes");
                }
            }
        }

        private int readRaw(byte[] destination, int length) throws IOException {
            if (!buffer.hasRemaining() && fill() < 0) {
                return -1;
            }
            int read = Math.min(length, buffer.remaining());
            buffer.get(destination, 0, read);
            return read;
        }

        /**
         * A server that closes without reading the request resets the connection instead of ending it, depending on
         * whether the request had arrived: to the caller both are the same refusal.
         */
        private int fillOrReset(boolean nothingYet) throws IOException {
            try {
                return fill();
            } catch (SocketException e) {
                if (nothingYet && String.valueOf(e.getMessage()).contains("reset")) {
                    EOFException refused = new EOFException("closed the connection without answering (reset)");
                    refused.initCause(e);
                    throw refused;
                }
                throw e;
            }
        }

        private int fill() throws IOException {
            buffer.clear();
            int read;
            do {
                read = channel.read(buffer);
            } while (read == 0);
            buffer.flip();
            return read;
        }

        private static String abbreviate(String text) {
            return text.length() <= 100 ? text : text.substring(0, 100) + "…";
        }
    }
}
