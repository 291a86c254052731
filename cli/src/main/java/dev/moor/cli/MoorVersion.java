package dev.moor.cli;

import picocli.CommandLine;

final class MoorVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"moor " + version()};
    }

    static String version() {
        String version = MoorVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
