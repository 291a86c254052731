package dev.moor.spec;

/** Where the files a {@code moor.yaml} names (build contexts, secret files, host directories) are read. */
public enum FileAccess {
    /** By a server on the machine that holds the file: any path of that machine. */
    LOCAL,
    /**
     * By a remote server, which receives the build contexts and secret files from inside the file's directory and
     * nothing else: paths outside it are refused, and a host directory mounted into replicas must be an absolute
     * path on the server's host.
     */
    UPLOADED
}
