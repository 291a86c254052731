package dev.moor.edge.tls;

import dev.moor.snapshot.HttpsRedirect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Host headers a route's redirect to HTTPS covers, and where it sends them. */
class RedirectToHttpsTest {
    @Test
    void exactAndWildcardHostsAreCoveredWhateverTheirPortAndCase() {
        RedirectToHttps redirect = RedirectToHttps.of(new HttpsRedirect(8443, List.of("www.example.com", "*.Shop.test")));

        assertThat(redirect.port()).isEqualTo(8443);
        assertThat(redirect.covers("www.example.com")).isTrue();
        assertThat(redirect.covers("WWW.example.com:8080")).isTrue();
        assertThat(redirect.covers("a.shop.test")).isTrue();
        assertThat(redirect.covers("a.b.shop.test:80")).isTrue();
        assertThat(redirect.covers("shop.test")).as("a wildcard covers names under its domain").isFalse();
        assertThat(redirect.covers("example.com")).isFalse();
        assertThat(redirect.covers("[::1]:8080")).isFalse();
        assertThat(redirect.covers(null)).as("no Host").isFalse();
    }

    @Test
    void theLocationIsTheSameTargetOverHttpsOnTheHttpsPortWhichIsLeftOutWhen443() {
        assertThat(RedirectToHttps.of(new HttpsRedirect(8443, List.of("www.example.com")))
                .location("www.example.com:8080", "/cart?item=1")).isEqualTo("https://www.example.com:8443/cart?item=1");
        assertThat(RedirectToHttps.of(new HttpsRedirect(443, List.of("www.example.com")))
                .location("www.example.com", "/")).isEqualTo("https://www.example.com/");
    }
}
