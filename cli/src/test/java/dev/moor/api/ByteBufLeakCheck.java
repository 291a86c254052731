package dev.moor.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test when Netty's leak detector (paranoid in the build) reports a ByteBuf that was never released. */
final class ByteBufLeakCheck implements AfterEachCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        // The build sets paranoid already; setting it here keeps the check honest when run from an IDE.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ByteBufUtil.setLeakListener((resourceType, records) -> LEAKS.add(resourceType + ": " + records));
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        // A leak is reported when a buffer is allocated after the leaked one was garbage collected.
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(20);
            PooledByteBufAllocator.DEFAULT.buffer(16).release();
            Unpooled.directBuffer(16).release();
            Unpooled.buffer(16).release();
        }
        List<String> leaks = List.copyOf(LEAKS);
        LEAKS.clear();
        assertThat(leaks).as("ByteBuf leaks").isEmpty();
    }
}
