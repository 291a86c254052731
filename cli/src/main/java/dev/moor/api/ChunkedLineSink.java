package dev.moor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunked response written one line per chunk. The response head goes out with the first line, so a handler
 * that fails before writing anything still answers with a proper error status.
 */
final class ChunkedLineSink implements LineSink {

    private final Channel channel;
    private boolean headSent;
    private final List<Runnable> closeActions = new ArrayList<>();
    private boolean closed;

    ChunkedLineSink(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(closing -> runCloseActions());
    }

    @Override
    public boolean line(String text) {
        String line = text.endsWith("\n") ? text : text + "\n";
        return send(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
    }

    @Override
    public boolean json(Object value) {
        byte[] json;
        try {
            json = ApiJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a line as JSON: " + e.getOriginalMessage(), e);
        }
        return send(Unpooled.wrappedBuffer(json, new byte[] {'\n'}));
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (closeActions) {
            if (!closed) {
                closeActions.add(action);
                return;
            }
        }
        Thread.startVirtualThread(action);
    }

    /** Ends the response normally once the handler has returned. */
    synchronized void finish() {
        if (!channel.isActive()) {
            return;
        }
        sendHeadOnce();
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Ends the response after the handler failed: with the error as a proper response if no line went out yet,
     * otherwise by cutting the connection so that the client sees the stream ended before its end.
     */
    synchronized void fail(int status, String message) {
        if (headSent) {
            channel.close();
        } else {
            HttpResponses.sendError(channel, status, message);
        }
    }

    // Synchronized so that lines of concurrent writers never interleave with the head or with each other.
    private synchronized boolean send(ByteBuf line) {
        if (!channel.isActive()) {
            line.release();
            return false;
        }
        sendHeadOnce();
        ChannelFuture written = channel.writeAndFlush(new DefaultHttpContent(line));
        if (!channel.isWritable()) {
            // The client reads slower than the handler writes: wait for the socket to drain.
            try {
                written.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    private void sendHeadOnce() {
        if (headSent) {
            return;
        }
        headSent = true;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setTransferEncodingChunked(head, true);
        channel.write(head);
    }

    private void runCloseActions() {
        List<Runnable> actions;
        synchronized (closeActions) {
            closed = true;
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        actions.forEach(Thread::startVirtualThread);
    }
}
