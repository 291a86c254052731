package dev.moor.snapshot;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotJsonTest {
    private static EdgeSnapshot fullSnapshot() throws Exception {
        Route shop = new Route("shop/routes[0]", Optional.of("shop.example.com"), "/api", Set.of("GET", "POST"),
                Map.of("x-canary", "1"), Optional.of("/"), List.of(new WeightedCluster("shop/api", 90),
                new WeightedCluster("shop/api-next", 10)), new Timeouts(Duration.ofMillis(1500), Duration.ofSeconds(30),
                Duration.ofMinutes(2)), new RetryPolicy(1, 20, 10), 8080);
        Route any = new Route("blog/routes[0]", Optional.empty(), "/", Set.of(), Map.of(), Optional.empty(),
                List.of(new WeightedCluster("blog/web", 1)), Timeouts.DEFAULT, RetryPolicy.DEFAULT);
        Cluster api = new Cluster("shop/api", List.of(
                new Endpoint("shop-api-0-abc", new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 32768)),
                new Endpoint("shop-api-1-def", new InetSocketAddress(InetAddress.getByName("::1"), 32769))),
                Balancing.ROUND_ROBIN, new OutlierDetection(3, 2, Duration.ofSeconds(5), Duration.ofMinutes(1), 30), 64);
        Cluster next = new Cluster("shop/api-next", List.of(), Balancing.POWER_OF_TWO_CHOICES, OutlierDetection.DEFAULT, 256);
        Cluster web = new Cluster("blog/web", List.of(new Endpoint("db.internal:5432",
                InetSocketAddress.createUnresolved("db.internal", 5432))), Balancing.POWER_OF_TWO_CHOICES,
                OutlierDetection.DEFAULT, 256);
        return new EdgeSnapshot(42, List.of(shop, any), Map.of("shop/api", api, "shop/api-next", next, "blog/web", web),
                new ForwardingPolicy(List.of("10.0.0.0/8", "2001:db8::/32"), true, Duration.ofSeconds(12)));
    }

    @Test
    void aSnapshotReadsBackEqualToTheOneWritten() throws Exception {
        EdgeSnapshot snapshot = fullSnapshot();

        String json = SnapshotJson.write(snapshot);
        EdgeSnapshot read = SnapshotJson.read(json, EdgeSnapshot.class);

        assertThat(json).doesNotContain("\n");
        assertThat(read).isEqualTo(snapshot);
        assertThat(read.ports()).containsExactly(8080);
    }

    @Test
    void durationsAndAddressesAreWrittenForPeopleToRead() throws Exception {
        String json = SnapshotJson.write(fullSnapshot());

        assertThat(json).contains("\"drainTimeout\":\"PT12S\"", "\"127.0.0.1:32768\"", "\"[0:0:0:0:0:0:0:1]:32769\"",
                "\"db.internal:5432\"");
    }

    @Test
    void aNameIsNotLookedUpWhenRead() {
        String json = "{\"id\":\"e\",\"address\":\"abc.invalid:80\"}";

        Endpoint endpoint = SnapshotJson.read(json, Endpoint.class);

        assertThat(endpoint.address().isUnresolved()).isTrue();
        assertThat(endpoint.address().getHostString()).isEqualTo("abc.invalid");
    }

    @Test
    void fieldsOfANewerVersionAreIgnored() {
        String json = "{\"id\":\"e\",\"address\":\"127.0.0.1:80\",\"zone\":\"eu-1\"}";

        assertThat(SnapshotJson.read(json, Endpoint.class).address().getPort()).isEqualTo(80);
    }

    @Test
    void aBadAddressIsRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> SnapshotJson.read("{\"id\":\"e\",\"address\":\"127.0.0.1\"}", Endpoint.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read Endpoint")
                .hasMessageContaining("expected IP:PORT");
    }

    private static EdgeSnapshot httpsSnapshot() throws Exception {
        EdgeSnapshot plain = fullSnapshot();
        Route redirected = new Route("shop/routes[0]", Optional.empty(), "/", Set.of(), Map.of(), Optional.empty(),
                List.of(new WeightedCluster("shop/api", 1)), Timeouts.DEFAULT, RetryPolicy.DEFAULT, 8080, Optional.empty(),
                Optional.of(new HttpsRedirect(8443, List.of("shop.example.com"))), Optional.empty());
        Route secure = new Route("shop/routes[0]@https:shop.example.com", Optional.of("shop.example.com"), "/", Set.of(),
                Map.of(), Optional.empty(), List.of(new WeightedCluster("shop/api", 1)), Timeouts.DEFAULT,
                RetryPolicy.DEFAULT, 8443, Optional.empty(), Optional.empty(), Optional.of(Duration.ofDays(365)));
        TlsCertificate certificate = new TlsCertificate("shop", List.of("shop.example.com", "*.example.com"),
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n");
        return new EdgeSnapshot(43, List.of(redirected, secure), plain.clusters(), plain.forwarding(),
                Optional.of(new Https(8443, List.of(certificate), true)));
    }

    @Test
    void httpsWithItsCertificatesRedirectsAndHstsReadsBackEqual() throws Exception {
        EdgeSnapshot snapshot = httpsSnapshot();

        EdgeSnapshot read = SnapshotJson.read(SnapshotJson.write(snapshot), EdgeSnapshot.class);

        assertThat(read).isEqualTo(snapshot);
        assertThat(read.ports()).as("the HTTPS port is listened on").containsExactly(8080, 8443);
        assertThat(SnapshotJson.write(snapshot)).contains("\"hsts\":\"PT8760H\"", "\"https\":{\"port\":8443");
    }

    @Test
    void aSnapshotWrittenBeforeHttpsReadsWithoutIt() throws Exception {
        String json = SnapshotJson.write(fullSnapshot()).replace(",\"https\":null", "")
                .replace(",\"httpsRedirect\":null,\"hsts\":null", "");

        EdgeSnapshot read = SnapshotJson.read(json, EdgeSnapshot.class);

        assertThat(json).doesNotContain("https", "hsts");
        assertThat(read.https()).isEmpty();
        assertThat(read.routes()).allSatisfy(route -> {
            assertThat(route.httpsRedirect()).isEmpty();
            assertThat(route.hsts()).isEmpty();
        });
        assertThat(read).isEqualTo(fullSnapshot());
    }

    @Test
    void aRoutesCompressionAndCacheReadBackEqualAndASnapshotWrittenBeforeThemReadsWithout() throws Exception {
        Route route = fullSnapshot().routes().getFirst();
        Route filtered = new Route(route.id(), route.host(), route.pathPrefix(), route.methods(), route.headers(),
                route.rewritePrefix(), route.backends(), route.timeouts(), route.retry(), route.port(), route.canary(),
                route.httpsRedirect(), route.hsts(), true, Optional.of(new CachePolicy(Duration.ofMinutes(5),
                "shop/routes[0]")));
        EdgeSnapshot snapshot = new EdgeSnapshot(44, List.of(filtered), fullSnapshot().clusters(),
                fullSnapshot().forwarding());

        String json = SnapshotJson.write(snapshot);

        assertThat(SnapshotJson.read(json, EdgeSnapshot.class)).isEqualTo(snapshot);
        assertThat(json).contains("\"compress\":true",
                "\"cache\":{\"staleIfError\":\"PT5M\",\"partition\":\"shop/routes[0]\"}");
        String withoutPartition = json.replace(",\"partition\":\"shop/routes[0]\"", "");
        assertThat(SnapshotJson.read(withoutPartition, EdgeSnapshot.class).routes().getFirst().cache())
                .contains(new CachePolicy(Duration.ofMinutes(5), route.id()));
        String before = SnapshotJson.write(fullSnapshot()).replace(",\"compress\":false,\"cache\":null", "");
        assertThat(before).doesNotContain("compress", "\"cache\"");
        assertThat(SnapshotJson.read(before, EdgeSnapshot.class)).isEqualTo(fullSnapshot());
    }

    @Test
    void http3ReadsBackAndASnapshotWrittenBeforeItServesNone() throws Exception {
        EdgeSnapshot snapshot = httpsSnapshot();
        String json = SnapshotJson.write(snapshot);
        assertThat(json).contains("\"http3\":true");

        EdgeSnapshot before = SnapshotJson.read(json.replace(",\"http3\":true", ""), EdgeSnapshot.class);

        assertThat(before.https().orElseThrow().http3()).isFalse();
        assertThat(before.sameContent(snapshot)).as("HTTP/3 off is other content").isFalse();
    }

    @Test
    void aChangedCertificateIsOtherContentAndItsKeyNeverShowsInText() throws Exception {
        EdgeSnapshot snapshot = httpsSnapshot();
        TlsCertificate certificate = snapshot.https().orElseThrow().certificates().getFirst();
        EdgeSnapshot renewed = new EdgeSnapshot(44, snapshot.routes(), snapshot.clusters(), snapshot.forwarding(),
                Optional.of(new Https(8443, List.of(new TlsCertificate(certificate.name(), certificate.hosts(),
                        certificate.chain().replace("MIIB", "MIIC"), certificate.key())), true)));

        assertThat(renewed.sameContent(snapshot)).isFalse();
        assertThat(new EdgeSnapshot(45, snapshot.routes(), snapshot.clusters(), snapshot.forwarding(),
                snapshot.https()).sameContent(snapshot)).isTrue();
        assertThat(snapshot.toString()).doesNotContain("PRIVATE KEY", "MIGH").contains("shop.example.com");
    }

    @Test
    void acmeChallengesReadBackEqualAreContentAndASnapshotWrittenBeforeThemReadsWithNone() throws Exception {
        EdgeSnapshot https = httpsSnapshot();
        AcmeChallenges challenges = new AcmeChallenges(List.of(new AcmeChallenges.Http01("tok-1", "tok-1.thumb")),
                List.of(new AcmeChallenges.TlsAlpn01("shop.example.com",
                        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                        "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n")));
        EdgeSnapshot validating = new EdgeSnapshot(44, https.routes(), https.clusters(), https.forwarding(),
                https.https(), challenges);

        String json = SnapshotJson.write(validating);

        assertThat(SnapshotJson.read(json, EdgeSnapshot.class)).isEqualTo(validating);
        assertThat(validating.sameContent(https)).as("a challenge is content the edge must get").isFalse();
        assertThat(validating.toString()).doesNotContain("PRIVATE KEY", "MIGH").contains("tok-1", "shop.example.com");
        String before = SnapshotJson.write(https).replace(",\"acme\":{\"http01\":[],\"tlsAlpn01\":[]}", "");
        assertThat(before).doesNotContain("acme");
        assertThat(SnapshotJson.read(before, EdgeSnapshot.class).acme()).isEqualTo(AcmeChallenges.NONE);
        assertThat(SnapshotJson.read(before, EdgeSnapshot.class)).isEqualTo(https);
    }

    @Test
    void aRoutePortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new Route("r", Optional.empty(), "/", Set.of(), Map.of(), Optional.empty(),
                List.of(new WeightedCluster("c", 1)), Timeouts.DEFAULT, RetryPolicy.DEFAULT, 70_000))
                .hasMessage("route r: port 70000 (expected: 0 to 65535)");
    }
}
