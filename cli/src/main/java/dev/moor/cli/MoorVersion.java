package dev.moor.cli;

import picocli.CommandLine;

final class MoorVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = MoorVersion.class.getPackage().getImplementationVersion();
        return new String[] {"moor " + (version == null ? "development build" : version)};
    }
}
