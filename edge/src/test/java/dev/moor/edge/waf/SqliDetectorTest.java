package dev.moor.edge.waf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqliDetectorTest {
    private final SqliDetector level1 = new SqliDetector(1);
    private final SqliDetector level2 = new SqliDetector(2);
    private final SqliDetector level3 = new SqliDetector(3);

    @ParameterizedTest
    @ValueSource(strings = {
            "x' OR '7'='7", "42\" or \"a\"=\"a", "-5 oR 9=9", "nobody') or ('q'='q", "admin'--", "bob'#",
            "7 union all select password,2 from members", "0)/**/UnIoN/**/SeLeCt/**/1,2,3--", "zz' union select 1--",
            "9; drop table accounts--", "x'; exec master..xp_cmdshell 'dir'--", "1' and sleep(3)#",
            "1 and extractvalue(1,concat(0x7e,version()))", "x' and 1=(select count(*) from accounts)--",
            "1' order by 3--", "' having 1=1--", "q' /*!or*/ 2='2", "@@version", "1 or benchmark(99,md5(1))",
            "' or 1 in (select name from sysobjects)--", "k' and ascii(substring(user(),1,1))>64--"})
    void flagsInjectionsAtLevel1(String value) {
        assertThat(level1.inspect(value)).as(value).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "O'Brien", "D'Angelo's pizza", "Siobhan O'Connor", "l'été à l'Hôtel d'Orsay", "rock 'n' roll",
            "Please select your size", "drop me a line", "1=1 is true in math class", "Tom or Jerry",
            "Is it in stock? Or should I order from the other store?", "I'd rate it 5/5 -- would buy again!",
            "The union meeting is on Tuesday; select members will attend.", "Having trouble logging in",
            "Update your profile", "Delete", "What's the difference between 'affect' and 'effect'?",
            "From Monday, the office moves to the 3rd floor.", "Group by size or by colour?",
            "alice.o'neil+shop@example.com", "https://example.com/search?q=select+a+size&page=2",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
            "2024-03-18", "+1 (555) 123-4567", "My 5'10\" husband", "true or false quiz", "Limit 2 per customer"})
    void passesLookAlikesAtLevel2(String value) {
        assertThat(level2.inspect(value)).as(value).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"COS(", "substring(", "a' or x", "1 != 1", "x' = y", "tempdb", "password::int"})
    void level2FlagsWhatLevel1Lets(String value) {
        assertThat(level1.inspect(value)).as(value).isNull();
        assertThat(level2.inspect(value)).as(value).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x' or", "select your size", "' ,", "a and b = c", "union station"})
    void level3FlagsFragmentsThatLevel2Lets(String value) {
        assertThat(level2.inspect(value)).as(value).isNull();
        assertThat(level3.inspect(value)).as(value).isNotNull();
    }

    @Test
    void namesTheRuleAndTheFingerprint() {
        assertThat(level1.inspect("x' OR '7'='7")).isEqualTo("quote-boolean s&s=s");
        assertThat(level1.inspect("1 union select 2")).startsWith("union-select ");
    }

    @Test
    void commentsAndUnaryOperatorsFoldAway() {
        assertThat(level1.inspect("1/**/or/**/1=1")).isNotNull();
        assertThat(level1.inspect("-1 or -1=-1")).isNotNull();
        assertThat(level1.inspect("'||(select 1)||'")).isNotNull();
    }
}
