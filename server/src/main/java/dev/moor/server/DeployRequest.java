package dev.moor.server;

import java.nio.file.Path;

/**
 * A {@code moor.yaml} to run: the first start of an app or a change of it.
 *
 * @param file where the text was read (relative build contexts and files resolve against its directory, which the
 *             server reads: it runs on the same host)
 * @param text the file's text, as the client read it
 * @param pull whether images named by tag are pulled even when the engine has them
 * @param who  who asked (the local user, or the client certificate's name), kept with the revision's events
 */
public record DeployRequest(Path file, String text, boolean pull, String who) {}
