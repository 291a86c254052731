package dev.moor.server.edge;

import dev.moor.engine.deploy.WindowFigures;
import dev.moor.snapshot.channel.ClusterFigures;
import dev.moor.snapshot.channel.Figures;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficHistoryTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Figures report(String cluster, long responses, long errors) {
        return new Figures(Map.of(cluster, new ClusterFigures(responses, errors, 0, List.of(5L), List.of(responses))));
    }

    @Test
    void aWindowIsWhatTheClusterDidSinceTheLastReportBeforeItsStartSummedOverEdges() {
        MovingClock clock = new MovingClock();
        TrafficHistory history = new TrafficHistory(clock);
        history.record(1, report("shop/web", 100, 1));
        clock.now = T0.plusSeconds(10);
        history.record(1, report("shop/web", 300, 4));
        clock.now = T0.plusSeconds(20);
        history.record(1, report("shop/web", 600, 4));
        history.record(2, report("shop/web", 50, 0));
        clock.now = T0.plusSeconds(21);
        history.record(2, report("shop/web", 80, 5));

        assertThat(history.since("shop/web", T0.plusSeconds(15)))
                .as("edge 1 from its report at 10 s, edge 2 from its first report")
                .isEqualTo(new WindowFigures(330, 5, 0, List.of(5L), List.of(330L)));
        assertThat(history.since("shop/web", T0.minusSeconds(5))).isEqualTo(new WindowFigures(530, 8, 0,
                List.of(5L), List.of(530L)));
        assertThat(history.since("shop/other", T0)).isEqualTo(WindowFigures.NONE);
    }

    @Test
    void aBusyClusterCostsAboutTwoMinutesOfReportsPlusOneEveryThirtySecondsBeforeAndAWindowStaysExact() {
        MovingClock clock = new MovingClock();
        TrafficHistory history = new TrafficHistory(clock);
        for (int second = 0; second < 20 * 60; second++) {
            clock.now = T0.plusSeconds(second);
            history.record(1, report("shop/web", 100L * second, second));
            history.record(1, report("shop/idle", 5, 0));
        }

        assertThat(history.reportsOf("shop/web")).isBetween(120, TrafficHistory.THIN_ABOVE + 1);
        assertThat(history.reportsOf("shop/idle")).as("an unchanged report is not kept").isEqualTo(1);
        assertThat(history.since("shop/web", clock.now.minusSeconds(10))).as("a window of seconds is exact")
                .isEqualTo(new WindowFigures(1000, 10, 0, List.of(5L), List.of(1000L)));
        long tenMinutes = history.since("shop/web", clock.now.minus(Duration.ofMinutes(10))).responses();
        assertThat(tenMinutes).as("a window of minutes starts at most 30 s early")
                .isBetween(100L * 600, 100L * (600 + 30));
    }

    @Test
    void oldReportsGoButTheLastOneBeforeTheRetentionStaysSoThatLaterCountsStartFromIt() {
        MovingClock clock = new MovingClock();
        TrafficHistory history = new TrafficHistory(clock);
        history.record(1, report("shop/web@canary", 500, 50));
        clock.now = T0.plus(TrafficHistory.RETENTION).plusSeconds(60);
        history.record(1, report("shop/other", 1, 0));
        clock.now = clock.now.plusSeconds(1);
        history.record(1, report("shop/web@canary", 600, 50));

        assertThat(history.since("shop/web@canary", clock.now.minus(Duration.ofSeconds(10))))
                .as("a new canary of the same service is not blamed for the last one's errors")
                .isEqualTo(new WindowFigures(100, 0, 0, List.of(5L), List.of(100L)));
    }
}
