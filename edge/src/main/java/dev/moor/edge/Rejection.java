package dev.moor.edge;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Why a request is answered by the edge itself and never forwarded. */
record Rejection(HttpResponseStatus status, String message) {}
