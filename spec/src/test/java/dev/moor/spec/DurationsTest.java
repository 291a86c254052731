package dev.moor.spec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurationsTest {

    @Test
    void parsesGroupsOfIntegerAndUnit() {
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h2m3s4ms")).isEqualTo(Duration.ofHours(1).plusMinutes(2).plusSeconds(3).plusMillis(4));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("365d")).isEqualTo(Duration.ofDays(365));
        assertThat(Durations.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.parse("0s")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "-1s", "+1s", "1.5s", "1 s", " 1s", "1s ", "30s1m", "1s1s", "1h1d", "1S", "1sm",
            "1h30", "ms", "99999999999999999999s", "9223372036854775807h"})
    void rejectsAnythingElseWithTheExpectedForm(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessage("expected: a duration like 2s, 1m30s or 500ms");
    }

    @Test
    void formatsWithTheLargestUnitsFirst() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofHours(25))).isEqualTo("25h");
        assertThat(Durations.format(Duration.ofMillis(3_600_001))).isEqualTo("1h1ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofNanos(1_500_000))).isEqualTo("1ms");
    }

    @Test
    void refusesToFormatANegativeDuration() {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.format(Duration.ofSeconds(-1)))
                .withMessage("expected: a duration >= 0");
    }

    @Property
    void formatThenParseGivesTheSameDuration(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long millis) {
        Duration duration = Duration.ofMillis(millis);

        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    @Property
    void parseThenFormatWritesTheCanonicalForm(@ForAll @LongRange(min = 0, max = 10_000) long hours,
                                               @ForAll @LongRange(min = 0, max = 10_000) long minutes,
                                               @ForAll @LongRange(min = 0, max = 100_000) long seconds) {
        String written = hours + "h" + minutes + "m" + seconds + "s";
        Duration parsed = Durations.parse(written);

        assertThat(parsed).isEqualTo(Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds));
        assertThat(Durations.format(parsed)).matches("(\\d+h)?([1-5]?\\dm)?([1-5]?\\ds)?");
        assertThat(Durations.parse(Durations.format(parsed))).isEqualTo(parsed);
    }
}
