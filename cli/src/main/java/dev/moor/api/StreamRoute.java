package dev.moor.api;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

record StreamRoute(StreamHandler handler) implements Route {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);

    @Override
    public void serve(ApiRequest request, Channel channel) {
        ChunkedLineSink sink = new ChunkedLineSink(channel);
        try {
            handler.stream(request, sink);
        } catch (ApiException e) {
            sink.fail(e.status(), e.getMessage());
            return;
        } catch (Exception e) {
            if (sink.isOpen()) {
                LOG.error("{} {} failed", request.method(), request.path(), e);
            }
            sink.fail(500, HandlerFailure.describe(request, e));
            return;
        } catch (Error e) {
            sink.fail(500, HandlerFailure.describe(request, e));
            throw e;
        }
        sink.finish();
    }
}
