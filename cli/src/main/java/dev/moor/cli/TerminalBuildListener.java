package dev.moor.cli;

import dev.moor.engine.image.ImagePreparer;

import java.io.PrintStream;

/** Streams image builds to the terminal, each line prefixed with its service. */
record TerminalBuildListener(PrintStream out) implements ImagePreparer.BuildListener {
    @Override
    public void pulling(String service, String image) {
        out.printf("moor: pulling %s for %s%n", image, service);
    }

    @Override
    public void building(String service, String tag) {
        out.printf("moor: building %s as %s%n", service, tag);
    }

    @Override
    public void progress(String service, String line) {
        out.printf("  %s | %s%n", service, line);
    }

    @Override
    public void upToDate(String service, String tag) {
        out.printf("moor: %s is up to date (%s)%n", service, tag);
    }
}
