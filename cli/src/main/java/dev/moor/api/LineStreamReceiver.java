package dev.moor.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Splits a streamed response into lines on the event loop and hands them to the calling thread, which runs
 * the consumer. Reading pauses while the consumer lags, so the server's writes wait instead of memory growing.
 */
final class LineStreamReceiver extends SimpleChannelInboundHandler<HttpObject> {

    private static final int PAUSE_AT_LINES = 1024;
    private static final int RESUME_AT_LINES = 256;
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private sealed interface Event permits Line, End, Failed {
    }

    private record Line(String text) implements Event {
    }

    private record End() implements Event {
    }

    private record Failed(ApiException error) implements Event {
    }

    private final Path socket;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile Channel channel;
    // Event-loop confined:
    private int status;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean ended;

    LineStreamReceiver(Path socket) {
        this.socket = socket;
    }

    /**
     * Feeds the lines to {@code consumer} on the calling thread until the stream ends; returns early, leaving
     * the interrupt flag set, when the calling thread is interrupted.
     *
     * @throws ApiException when the server answered an error or the stream broke
     */
    void drainTo(Consumer<String> consumer) {
        while (true) {
            Event event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            resumeIfDrained();
            switch (event) {
                case Line(String text) -> consumer.accept(text);
                case End() -> {
                    return;
                }
                case Failed(ApiException error) -> throw error;
            }
        }
    }

    /** Ends the stream with {@code error} when the connection could not be made or the request not sent. */
    void fail(ApiException error) {
        events.add(new Failed(error));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
        if (ended) {
            return;
        }
        if (message.decoderResult().isFailure()) {
            end(ctx, new Failed(ClientErrors.failed(socket, message.decoderResult().cause())));
            return;
        }
        if (message instanceof HttpResponse response) {
            status = response.status().code();
        }
        if (message instanceof HttpContent content) {
            if (status >= 400) {
                collectError(content.content());
            } else {
                splitLines(content.content());
            }
            if (content instanceof LastHttpContent) {
                if (status >= 400) {
                    end(ctx, new Failed(ClientErrors.answered(status, pending.toByteArray())));
                } else {
                    if (pending.size() > 0) {
                        events.add(new Line(pending.toString(StandardCharsets.UTF_8)));
                    }
                    end(ctx, new End());
                }
            }
        }
        if (events.size() >= PAUSE_AT_LINES) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!ended) {
            ended = true;
            events.add(new Failed(ClientErrors.closedEarly(socket)));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ended) {
            end(ctx, new Failed(ClientErrors.failed(socket, cause)));
        }
    }

    private void end(ChannelHandlerContext ctx, Event last) {
        ended = true;
        events.add(last);
        ctx.close();
    }

    private void splitLines(ByteBuf content) {
        int from = content.readerIndex();
        int to = content.writerIndex();
        int newline;
        while ((newline = content.indexOf(from, to, (byte) '\n')) >= 0) {
            pending.writeBytes(ByteBufUtil.getBytes(content, from, newline - from));
            events.add(new Line(pending.toString(StandardCharsets.UTF_8)));
            pending.reset();
            from = newline + 1;
        }
        pending.writeBytes(ByteBufUtil.getBytes(content, from, to - from));
    }

    private void collectError(ByteBuf content) {
        int room = MAX_ERROR_BYTES - pending.size();
        int length = Math.min(room, content.readableBytes());
        pending.writeBytes(ByteBufUtil.getBytes(content, content.readerIndex(), length));
    }

    private void resumeIfDrained() {
        Channel current = channel;
        if (current != null && !current.config().isAutoRead() && events.size() <= RESUME_AT_LINES) {
            current.config().setAutoRead(true);
        }
    }
}
