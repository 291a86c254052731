package dev.moor.edge.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test class when Netty's leak detector reports a buffer that was never released. The detector reports
 * a leak when it tracks a new buffer after the garbage collector found a leaked one, so the check collects
 * garbage and allocates until reports have had their chance.
 */
final class FailOnNettyLeaks implements BeforeAllCallback, AfterAllCallback {
    private final Logger detectorLog = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final ListAppender<ILoggingEvent> reports = new ListAppender<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        assertThat(ResourceLeakDetector.getLevel()).as("leak detection level").isEqualTo(ResourceLeakDetector.Level.PARANOID);
        reports.start();
        detectorLog.addAppender(reports);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        try {
            for (int round = 0; round < 5; round++) {
                System.gc();
                Thread.sleep(20);
                for (int i = 0; i < 10; i++) {
                    ByteBufAllocator.DEFAULT.buffer(16).release();
                }
            }
            List<String> leaks = reports.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(message -> message.contains("LEAK"))
                    .toList();
            assertThat(leaks).as("Netty buffer leaks").isEmpty();
        } finally {
            detectorLog.detachAppender(reports);
            reports.stop();
        }
    }
}
