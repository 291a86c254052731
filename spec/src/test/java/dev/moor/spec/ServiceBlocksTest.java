package dev.moor.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceBlocksTest {
    private static final String CURRENT = """
            app: shop
            services:
              web:
                image: web:2
                env: {MODE: fast}

              # The worker has no port.
              worker:
                image: worker:2
            routes:
              - path: /
                service: web
            """;

    @Test
    void aServicesBlockTakesThePlaceOfItsBlockAndTheRestStays() {
        String earlier = """
                app: shop
                services:
                    web:
                        image: web:1
                        replicas: 3
                    worker:
                        image: worker:1
                """;

        assertThat(ServiceBlocks.replace(CURRENT, earlier, "web")).isEqualTo("""
                app: shop
                services:
                  web:
                      image: web:1
                      replicas: 3

                  # The worker has no port.
                  worker:
                    image: worker:2
                routes:
                  - path: /
                    service: web
                """);
        assertThat(ServiceBlocks.replace(CURRENT, earlier, "worker")).isEqualTo("""
                app: shop
                services:
                  web:
                    image: web:2
                    env: {MODE: fast}

                  # The worker has no port.
                  worker:
                      image: worker:1
                routes:
                  - path: /
                    service: web
                """);
    }

    @Test
    void aServiceMissingFromAFileOrServicesOnOneLineAreRefusedSayingWhy() {
        assertThatThrownBy(() -> ServiceBlocks.replace(CURRENT, "app: shop\nservices:\n  web:\n    image: a:1\n",
                "worker")).hasMessage("the earlier file has no service worker");
        assertThatThrownBy(() -> ServiceBlocks.replace(CURRENT, "app: shop\nservices: {web: {image: a:1}}\n", "web"))
                .hasMessage("the earlier file writes its services on one line, in flow style (expected: one service"
                        + " per block of lines)");
    }
}
