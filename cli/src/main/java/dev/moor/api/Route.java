package dev.moor.api;

import io.netty.channel.Channel;

/** What the server does with a request once its path and method matched: runs on a virtual thread. */
sealed interface Route permits JsonRoute, StreamRoute {

    /** Answers {@code request} on {@code channel}, whatever the handler does: never leaves it hanging. */
    void serve(ApiRequest request, Channel channel);
}
