package dev.moor.engine.health;

/**
 * The outcome of one probe.
 *
 * @param healthy whether the replica passed
 * @param detail  what was tried and what came back, for logs, e.g. {@code GET http://127.0.0.1:32768/healthz: 503}
 */
public record ProbeResult(boolean healthy, String detail) {

    static ProbeResult passed(String detail) {
        return new ProbeResult(true, detail);
    }

    static ProbeResult failed(String detail) {
        return new ProbeResult(false, detail);
    }
}
