package dev.moor.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The Linux capability names (capabilities(7)), written without the {@code CAP_} prefix. */
final class Capabilities {
    static final List<String> NAMES = List.of(
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
            "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
            "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
            "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
            "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
            "CHECKPOINT_RESTORE");

    private static final String PREFIX = "CAP_";

    private Capabilities() {}

    /** The name in upper case without {@code CAP_}; {@code cap_net_raw} and {@code NET_RAW} are the same. */
    static String normalize(String written) {
        String upper = written.toUpperCase(Locale.ROOT);
        return upper.startsWith(PREFIX) ? upper.substring(PREFIX.length()) : upper;
    }

    static boolean isKnown(String normalized) {
        return NAMES.contains(normalized);
    }

    static Optional<String> closest(String normalized) {
        return Suggestions.closest(normalized, NAMES);
    }
}
