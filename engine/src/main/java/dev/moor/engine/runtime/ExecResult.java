package dev.moor.engine.runtime;

/**
 * @param exitCode the command's exit code
 * @param output   what it printed, stdout and stderr merged, cut to a few KiB
 */
public record ExecResult(int exitCode, String output) {}
