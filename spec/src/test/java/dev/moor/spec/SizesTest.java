package dev.moor.spec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SizesTest {

    @Test
    void parsesDecimalAndBinaryUnits() {
        assertThat(Sizes.parse("1048576")).isEqualTo(1_048_576);
        assertThat(Sizes.parse("10B")).isEqualTo(10);
        assertThat(Sizes.parse("2K")).isEqualTo(2_000);
        assertThat(Sizes.parse("2KB")).isEqualTo(2_000);
        assertThat(Sizes.parse("3M")).isEqualTo(3_000_000);
        assertThat(Sizes.parse("3MB")).isEqualTo(3_000_000);
        assertThat(Sizes.parse("1G")).isEqualTo(1_000_000_000);
        assertThat(Sizes.parse("1GB")).isEqualTo(1_000_000_000);
        assertThat(Sizes.parse("2Ki")).isEqualTo(2_048);
        assertThat(Sizes.parse("2KiB")).isEqualTo(2_048);
        assertThat(Sizes.parse("512Mi")).isEqualTo(512L << 20);
        assertThat(Sizes.parse("512MiB")).isEqualTo(512L << 20);
        assertThat(Sizes.parse("1Gi")).isEqualTo(1L << 30);
        assertThat(Sizes.parse("1GiB")).isEqualTo(1L << 30);
    }

    @Test
    void lowercaseUnitsMeanWhatTheyMeanToDocker() {
        assertThat(Sizes.parse("64k")).isEqualTo(64L << 10);
        assertThat(Sizes.parse("256m")).isEqualTo(256L << 20);
        assertThat(Sizes.parse("2g")).isEqualTo(2L << 30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Mi", "-1Mi", "1.5Gi", "1 Mi", "1mi", "1T", "1kb", "1Mb", "0x10", "99999999999Gi",
            "99999999999999999999"})
    void rejectsAnythingElseWithTheExpectedForm(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Sizes.parse(text))
                .withMessage("expected: a size like 512Mi, 1Gi or 1048576");
    }

    @Test
    void formatsInTheLargestBinaryUnitThatDividesExactly() {
        assertThat(Sizes.format(512L << 20)).isEqualTo("512Mi");
        assertThat(Sizes.format(3L << 30)).isEqualTo("3Gi");
        assertThat(Sizes.format(1536L << 10)).isEqualTo("1536Ki");
        assertThat(Sizes.format(1_000)).isEqualTo("1000");
        assertThat(Sizes.format(0)).isEqualTo("0");
        assertThatIllegalArgumentException().isThrownBy(() -> Sizes.format(-1)).withMessage("expected: a size >= 0");
    }

    @Property
    void formatThenParseGivesTheSameSize(@ForAll @LongRange(min = 0) long bytes) {
        assertThat(Sizes.parse(Sizes.format(bytes))).isEqualTo(bytes);
    }

    @Property
    void binaryMultiplesFormatInTheirUnit(@ForAll @LongRange(min = 1, max = 1_000_000) long mebibytes) {
        String formatted = Sizes.format(mebibytes << 20);

        assertThat(formatted).endsWith(mebibytes % 1024 == 0 ? "Gi" : "Mi");
        assertThat(Sizes.parse(formatted)).isEqualTo(mebibytes << 20);
    }
}
