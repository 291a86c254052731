/** The control plane of one host: its apps, the edge it supervises and feeds, and the API. */
package dev.moor.server;
