package dev.moor.edge.compression;

import dev.moor.edge.filter.BodyFilter;
import dev.moor.edge.filter.FilteredRequest;
import dev.moor.edge.filter.ResponseFilter;
import dev.moor.edge.filter.ResponseHeaders;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;

import java.util.List;

/**
 * A route's response compression: the coding the request's Accept-Encoding prefers among the edge's, for a
 * response that {@link Compression#eligibility qualifies}; the head edited by {@link CodingHeaders}, the body encoded
 * as it streams. One per route and snapshot, shared by the event loops; each response's encoder is its own.
 */
public final class CompressionFilter implements ResponseFilter {
    private final Compression compression;

    public CompressionFilter(Compression compression) {
        this.compression = compression;
    }

    @Override
    public BodyFilter filter(FilteredRequest request, ResponseHeaders head) {
        List<String> accepted = request.headers().getAll(HttpHeaderNames.ACCEPT_ENCODING);
        Coding coding = accepted.isEmpty() ? null
                : compression.negotiate(accepted.size() == 1 ? accepted.getFirst() : String.join(", ", accepted));
        Encoder encoder = compression.apply(coding, request.method().equals("HEAD"), head.status(), head,
                request.allocator());
        return encoder == null ? null : new Encoding(encoder);
    }

    /** One response's body through its encoder. */
    private record Encoding(Encoder encoder) implements BodyFilter {
        @Override
        public ByteBuf chunk(ByteBuf data) {
            return encoder.encode(data);
        }

        @Override
        public ByteBuf end() {
            return encoder.finish();
        }

        @Override
        public void abort() {
            encoder.release();
        }
    }

    @Override
    public String toString() {
        return "CompressionFilter[" + compression + "]";
    }
}
