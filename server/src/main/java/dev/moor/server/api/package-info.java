/**
 * The API's transport and security: {@link dev.moor.server.api.ApiServer} serves Javalin routes on a Unix socket
 * (the server's user and root only) and on an optional mutual-TLS port; {@link dev.moor.server.api.ApiClient} calls
 * them the same way over either.
 */
package dev.moor.server.api;
