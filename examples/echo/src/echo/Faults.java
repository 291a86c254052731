package echo;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * What makes the echo service a bad version, to try a deploy's safety nets with it: {@code ECHO_FAIL_PERCENT}
 * answers that share of the requests (0 to 100, decimals allowed) with 500; {@code ECHO_DELAY_MS} adds that many
 * milliseconds to every answer; {@code ECHO_UNHEALTHY=true} makes {@code /healthz} answer 503.
 *
 * @param failPercent the share of requests answered 500
 * @param delayMillis added to every answer
 * @param unhealthy   whether the health check fails
 */
record Faults(double failPercent, long delayMillis, boolean unhealthy) {

    static Faults fromEnvironment(Function<String, String> env) {
        String fail = env.apply("ECHO_FAIL_PERCENT");
        String delay = env.apply("ECHO_DELAY_MS");
        double failPercent = fail == null || fail.isBlank() ? 0 : Double.parseDouble(fail);
        if (!(failPercent >= 0 && failPercent <= 100)) {
            throw new IllegalArgumentException("ECHO_FAIL_PERCENT: " + fail + " (expected: 0 to 100)");
        }
        long delayMillis = delay == null || delay.isBlank() ? 0 : Long.parseLong(delay);
        if (delayMillis < 0) {
            throw new IllegalArgumentException("ECHO_DELAY_MS: " + delay + " (expected: >= 0)");
        }
        return new Faults(failPercent, delayMillis, "true".equals(env.apply("ECHO_UNHEALTHY")));
    }

    boolean failNow() {
        return failPercent > 0 && ThreadLocalRandom.current().nextDouble(100) < failPercent;
    }

    void delay() {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code ; faults: 5.0% answered 500} or nothing. */
    String describe() {
        StringBuilder faults = new StringBuilder();
        if (failPercent > 0) {
            faults.append(", ").append(failPercent).append("% answered 500");
        }
        if (delayMillis > 0) {
            faults.append(", ").append(delayMillis).append(" ms added to every answer");
        }
        if (unhealthy) {
            faults.append(", /healthz answers 503");
        }
        return faults.isEmpty() ? "" : "; faults" + faults.toString().replaceFirst(",", ":");
    }
}
