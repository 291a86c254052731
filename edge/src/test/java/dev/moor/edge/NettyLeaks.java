package dev.moor.edge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fails a test when Netty reports a leaked buffer during or right after it. Leaks surface when a lost buffer is
 * garbage collected and the detector next tracks an allocation, so after each test this collects garbage and
 * allocates a few buffers before looking at the reports.
 */
public final class NettyLeaks implements BeforeEachCallback, AfterEachCallback {
    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        logger.setLevel(Level.ERROR);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains("LEAK")) {
                    REPORTS.add(event.getFormattedMessage());
                }
            }
        };
        appender.start();
        logger.addAppender(appender);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        REPORTS.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (int round = 0; round < 3 && REPORTS.isEmpty(); round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 64; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                pooled.release();
                unpooled.release();
            }
        }
        if (!REPORTS.isEmpty()) {
            throw new AssertionError("Netty reported leaked buffers:\n" + String.join("\n\n", REPORTS));
        }
    }
}
