package dev.moor.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;

import java.util.List;

/**
 * Netty's request decoder with the limits of the edge (16 KiB request line, 64 KiB of headers), strict CRLF line
 * endings, RFC 9112 transfer-coding rules and no duplicate Content-Length, plus the one check it lacks: a header
 * line that starts with a space or tab (obs-fold) fails the request instead of being joined to the line before.
 *
 * <p>Only head bytes are scanned: the scan starts when a message begins and stops at the blank line ending its
 * headers. Netty consumes head bytes line by line, so the bytes it consumed in one call are scanned after that
 * call, before the messages it produced leave this handler.
 */
final class StrictRequestDecoder extends HttpRequestDecoder implements ByteProcessor {
    static final int MAX_REQUEST_LINE = 16 * 1024;
    static final int MAX_HEADERS = 64 * 1024;

    private static final int BEFORE_REQUEST_LINE = 0;
    private static final int IN_LINE = 1;
    private static final int LINE_START = 2;
    private static final int BODY = 3;

    private int scan = BEFORE_REQUEST_LINE;
    private boolean folded;

    StrictRequestDecoder() {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADERS)
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false)
                .setAllowPartialChunks(true));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        int from = in.readerIndex();
        int produced = out.size();
        super.decode(ctx, in, out);
        int to = in.readerIndex();
        if (scan != BODY && to > from) {
            in.forEachByte(from, to - from, this);
        }
        for (int i = produced; i < out.size(); i++) {
            Object message = out.get(i);
            if (message instanceof HttpRequest request) {
                if (folded && request.decoderResult().isSuccess()) {
                    request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(
                            "a header line starts with whitespace (obsolete line folding)")));
                }
                folded = false;
                scan = BODY;
            }
            if (message instanceof LastHttpContent) {
                scan = BEFORE_REQUEST_LINE;
            }
        }
    }

    @Override
    public boolean process(byte value) {
        switch (scan) {
            case BEFORE_REQUEST_LINE -> {
                if (value != '\r' && value != '\n') {
                    scan = IN_LINE;
                }
            }
            case IN_LINE -> {
                if (value == '\n') {
                    scan = LINE_START;
                }
            }
            case LINE_START -> {
                if (value == ' ' || value == '\t') {
                    folded = true;
                    scan = IN_LINE;
                } else if (value == '\r' || value == '\n') {
                    scan = BODY;
                    return false;
                } else {
                    scan = IN_LINE;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
