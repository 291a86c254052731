package dev.moor.edge.compression;

import io.netty.util.concurrent.FastThreadLocal;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Idle native compressors kept per thread: an edge's responses stay on their event loop, so taking and giving back
 * never locks. A thread keeps at most {@code idle}; beyond that, and when an event loop ends, they are destroyed.
 */
final class PerThreadPool<T> {
    private final Supplier<T> create;
    private final Consumer<T> destroy;
    private final int idle;
    private final FastThreadLocal<ArrayDeque<T>> pools = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<T> initialValue() {
            return new ArrayDeque<>();
        }

        @Override
        protected void onRemoval(ArrayDeque<T> pool) {
            pool.forEach(destroy);
            pool.clear();
        }
    };

    PerThreadPool(Supplier<T> create, Consumer<T> destroy, int idle) {
        this.create = create;
        this.destroy = destroy;
        this.idle = idle;
    }

    T take() {
        T pooled = pools.get().pollFirst();
        return pooled != null ? pooled : create.get();
    }

    /** Gives back a compressor ready for its next use. */
    void give(T item) {
        ArrayDeque<T> pool = pools.get();
        if (pool.size() < idle) {
            pool.addFirst(item);
        } else {
            destroy.accept(item);
        }
    }
}
