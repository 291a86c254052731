/**
 * The certificates of apps' HTTPS hosts: from the server's development CA or from PEM files (checked, watched),
 * resolved per app for the edge's snapshot. A third source plugs in as one more kind of
 * {@link dev.moor.spec.CertificateSpec} and one more case of {@link dev.moor.server.https.HttpsCertificates}'s switch.
 */
package dev.moor.server.https;
