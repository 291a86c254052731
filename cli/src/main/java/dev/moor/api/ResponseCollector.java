package dev.moor.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Completes {@code answer} with the one response of a connection, or with why there was none. */
final class ResponseCollector extends SimpleChannelInboundHandler<FullHttpResponse> {

    private final Path socket;
    private final CompletableFuture<ApiResult> answer;

    ResponseCollector(Path socket, CompletableFuture<ApiResult> answer) {
        this.socket = socket;
        this.answer = answer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (!response.decoderResult().isSuccess()) {
            answer.completeExceptionally(ClientErrors.failed(socket, response.decoderResult().cause()));
        } else {
            int status = response.status().code();
            byte[] body = ByteBufUtil.getBytes(response.content());
            if (status >= 400) {
                answer.completeExceptionally(ClientErrors.answered(status, body));
            } else {
                answer.complete(new ApiResult(status, body));
            }
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        answer.completeExceptionally(ClientErrors.closedEarly(socket));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        answer.completeExceptionally(ClientErrors.failed(socket, cause));
        ctx.close();
    }
}
