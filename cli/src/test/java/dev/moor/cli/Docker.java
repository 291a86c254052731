package dev.moor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker command line, for what a user would do to Moor's containers behind its back. */
final class Docker {
    private Docker() {}

    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed: " + output);
        }
        return output.strip();
    }

    /**
     * Ids of the app's replicas in any state. Only Moor's replicas carry {@code moor.owner}: the intermediate
     * containers of an image build inherit the image's {@code moor.app} label but not that one.
     */
    static List<String> containersOf(String app) throws IOException, InterruptedException {
        String ids = run("ps", "-a", "-q", "--no-trunc", "--filter", "label=moor.app=" + app, "--filter", "label=moor.owner");
        return ids.isEmpty() ? List.of() : List.of(ids.split("\\s+"));
    }

    /** How many of the app's replicas run. */
    static int runningReplicas(String app) throws IOException, InterruptedException {
        String ids = run("ps", "-q", "--filter", "label=moor.app=" + app, "--filter", "label=moor.owner");
        return ids.isEmpty() ? 0 : ids.split("\\s+").length;
    }

    /** Removes every container of an installation (its edge too) and the networks of its apps. */
    static void removeInstallation(String installation) throws IOException, InterruptedException {
        String ids = run("ps", "-a", "-q", "--no-trunc", "--filter", "label=moor.owner=" + installation);
        for (String id : ids.isEmpty() ? List.<String>of() : List.of(ids.split("\\s+"))) {
            run("rm", "-f", id);
        }
        String networks = run("network", "ls", "-q", "--filter", "label=moor.owner=" + installation);
        for (String id : networks.isEmpty() ? List.<String>of() : List.of(networks.split("\\s+"))) {
            run("network", "rm", id);
        }
    }

    /**
     * Follows a container's log into {@code file} until it is removed: what it printed stays readable after.
     */
    static Process followLog(String container, java.nio.file.Path file) throws IOException {
        return new ProcessBuilder("docker", "logs", "--follow", "--timestamps", container)
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
    }

    /** Removes whatever a failed test left behind. */
    static void removeApp(String app) throws IOException, InterruptedException {
        String all = run("ps", "-a", "-q", "--no-trunc", "--filter", "label=moor.app=" + app);
        for (String id : all.isEmpty() ? List.<String>of() : List.of(all.split("\\s+"))) {
            run("rm", "-f", id);
        }
        Process network = new ProcessBuilder("docker", "network", "rm", "moor-" + app).redirectErrorStream(true).start();
        network.getInputStream().readAllBytes();
        network.waitFor(30, TimeUnit.SECONDS);
    }
}
