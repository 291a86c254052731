package dev.moor.api;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

record JsonRoute(JsonHandler handler) implements Route {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);

    @Override
    public void serve(ApiRequest request, Channel channel) {
        ApiResponse response;
        try {
            response = handler.handle(request);
        } catch (ApiException e) {
            HttpResponses.sendError(channel, e.status(), e.getMessage());
            return;
        } catch (Exception e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            HttpResponses.sendError(channel, 500, HandlerFailure.describe(request, e));
            return;
        } catch (Error e) {
            HttpResponses.sendError(channel, 500, HandlerFailure.describe(request, e));
            throw e;
        }
        if (response == null) {
            LOG.error("{} {} answered no response", request.method(), request.path());
            HttpResponses.sendError(channel, 500, request.method() + " " + request.path() + " answered nothing");
            return;
        }
        HttpResponses.sendJson(channel, response.status(), response.body());
    }
}
