package dev.moor.edge;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

import java.util.List;

/**
 * What the edge checks on a request head beyond Netty's decoder (which already rejects bare CR or LF, bad
 * Content-Length, Content-Length with Transfer-Encoding, invalid header names and values, oversized lines).
 */
final class RequestChecks {
    private RequestChecks() {}

    /** Why the request must not be forwarded, or null when it may be. */
    static Rejection check(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpHeaderException) {
                return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "request headers larger than " + StrictRequestDecoder.MAX_HEADERS + " bytes");
            }
            if (cause instanceof TooLongHttpLineException) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST,
                        "request line longer than " + StrictRequestDecoder.MAX_REQUEST_LINE + " bytes");
            }
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed request: " + describe(cause));
        }
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return new Rejection(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "protocol " + version.text() + " (expected: HTTP/1.1 or HTTP/1.0)");
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            return new Rejection(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not served by a reverse proxy");
        }
        String target = request.uri();
        if (!validTarget(target, request.method())) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed request target");
        }
        HttpHeaders headers = request.headers();
        Rejection host = checkHost(headers, version);
        if (host != null) {
            return host;
        }
        String contentLength = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (contentLength != null && !decimal(contentLength.strip())) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST,
                    "Content-Length: " + printable(contentLength) + " (expected: a number of bytes)");
        }
        String transferEncoding = headers.get(HttpHeaderNames.TRANSFER_ENCODING);
        if (transferEncoding != null) {
            if (version.minorVersion() == 0) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST, "both Content-Length and Transfer-Encoding");
            }
            if (!"chunked".equalsIgnoreCase(transferEncoding.strip())
                    || headers.getAll(HttpHeaderNames.TRANSFER_ENCODING).size() != 1) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST,
                        "Transfer-Encoding: " + printable(transferEncoding) + " (expected: chunked)");
            }
        }
        return null;
    }

    private static boolean decimal(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static Rejection checkHost(HttpHeaders headers, HttpVersion version) {
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "more than one Host header");
        }
        if (hosts.isEmpty()) {
            return version.minorVersion() == 0 ? null : new Rejection(HttpResponseStatus.BAD_REQUEST, "no Host header");
        }
        String host = hosts.getFirst();
        for (int i = 0; i < host.length(); i++) {
            if (!hostChar(host.charAt(i))) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid Host header");
            }
        }
        return null;
    }

    /** reg-name, IP literal and port characters (RFC 3986). */
    private static boolean hostChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "-._~!$&'()*+,;=%:[]".indexOf(c) >= 0;
    }

    /** origin-form, absolute-form (http or https) or {@code *} for OPTIONS; visible ASCII only. */
    private static boolean validTarget(String target, HttpMethod method) {
        if (target.isEmpty()) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        char first = target.charAt(0);
        if (first == '/') {
            return true;
        }
        if (target.equals("*")) {
            return method.equals(HttpMethod.OPTIONS);
        }
        int authority = RequestTarget.authorityStart(target);
        return authority > 0 && authority < target.length() && target.charAt(authority) != '/';
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return printable(message == null ? cause.getClass().getSimpleName() : message);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 160));
        for (int i = 0; i < text.length() && out.length() < 160; i++) {
            char c = text.charAt(i);
            out.append(c >= ' ' && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
