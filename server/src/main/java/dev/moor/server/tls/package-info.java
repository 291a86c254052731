/** Moor's own certificate authority, the server's TLS certificate and the client bundles of remote users. */
package dev.moor.server.tls;
