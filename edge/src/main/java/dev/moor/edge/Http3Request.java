package dev.moor.edge;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http3.Http3Headers;

import java.util.Map;

/**
 * The HTTP/1.1 request an HTTP/3 request's HEADERS stand for, as the edge proxies it: :method and :path make the
 * request line, :authority the Host header; a body without content-length is marked chunked, as it goes upstream.
 * Netty's decoder checked the pseudo-header fields (each once, before the others, the mandatory ones present,
 * :authority agreeing with Host), and reset a stream with Connection or a TE other than trailers; the rest is checked
 * here, since the lines go upstream as they are: a field name must be a lower-case token, a value field-value octets
 * without leading or trailing whitespace (no CR, LF or NUL), and the other connection-specific fields HTTP/3 forbids
 * (RFC 9114 §4.2) must be absent. A request that breaks one of these is malformed: it is marked failed, and the edge
 * answers it 400 as it does a malformed HTTP/1.1 request.
 */
final class Http3Request {
    private Http3Request() {}

    /**
     * @param endStream the request ends with its HEADERS: it has no body
     */
    static HttpRequest of(Http3Headers headers, boolean endStream) {
        CharSequence methodName = headers.method();
        CharSequence path = headers.path();
        HttpMethod method = methodOrGet(methodName);
        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method,
                path == null ? "/" : path.toString(), DefaultHttpHeadersFactory.headersFactory().withValidation(false));
        String problem = methodName == null || path == null ? "a request without :method or :path"
                : !HttpSyntax.isToken(methodName) ? "an invalid :method" : copyFields(headers, request.headers());
        if (problem != null) {
            request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
            return request;
        }
        CharSequence authority = headers.authority();
        if (authority != null) {
            request.headers().set(HttpHeaderNames.HOST, authority);
        }
        if (!endStream && !request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return request;
    }

    /** The end of a request with its trailer fields, checked as the head's are. */
    static LastHttpContent trailers(Http3Headers headers) {
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER,
                DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
        String problem = copyFields(headers, last.trailingHeaders());
        if (problem != null) {
            last.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
        }
        return last;
    }

    /** Copies the fields that are not pseudo-header fields; returns what is wrong with one, or null. */
    private static String copyFields(Http3Headers headers, HttpHeaders into) {
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            CharSequence name = field.getKey();
            CharSequence value = field.getValue();
            if (Http3Headers.PseudoHeaderName.hasPseudoHeaderFormat(name)) {
                continue;
            }
            if (!HttpSyntax.isToken(name) || hasUpperCase(name)) {
                return "an invalid field name";
            }
            if (!HttpSyntax.isFieldValue(value)) {
                return "an invalid value of " + name;
            }
            HeaderKind kind = HeaderKind.of(name);
            boolean connectionSpecific = kind == HeaderKind.TE ? !"trailers".contentEquals(value)
                    : kind.hopByHop() && kind != HeaderKind.TRAILER || kind == HeaderKind.TRANSFER_ENCODING;
            if (connectionSpecific) {
                return "a connection-specific field, " + name;
            }
            into.add(name, value);
        }
        return null;
    }

    private static boolean hasUpperCase(CharSequence name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }

    private static HttpMethod methodOrGet(CharSequence method) {
        try {
            return method == null ? HttpMethod.GET : HttpMethod.valueOf(method.toString());
        } catch (IllegalArgumentException e) {
            return HttpMethod.GET;
        }
    }
}
