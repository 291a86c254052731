package dev.moor.edge;

import io.netty.util.AsciiString;

/** Header names the edge looks up in decoded requests that Netty's HttpHeaderNames lacks, interned once. */
final class HeaderNames {
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    static final AsciiString CLOUDFRONT_FORWARDED_PROTO = AsciiString.cached("cloudfront-forwarded-proto");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");

    private HeaderNames() {}
}
