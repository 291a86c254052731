package dev.moor.server;

import dev.moor.spec.FileAccess;
import java.nio.file.Path;

/**
 * A {@code moor.yaml} to run: the first start of an app or a change of it.
 *
 * @param file   where the text was read, on this host (relative build contexts and files resolve against its
 *               directory): the client's own file, or its place in the directory its uploaded sources were
 *               unpacked to
 * @param text   the file's text, as the client read it
 * @param access {@link FileAccess#UPLOADED} when the file's build contexts and secret files were uploaded
 * @param pull   whether images named by tag are pulled even when the engine has them
 * @param who    who asked (the local user, or the client certificate's name), kept with the revision's events
 */
public record DeployRequest(Path file, String text, FileAccess access, boolean pull, String who) {}
