package dev.moor.edge.observe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-capacity, lock-free queue for many producers and one consumer (D. Vyukov's bounded queue): each slot
 * carries a sequence number that tells a producer whether the slot is free for its position and the consumer
 * whether the item at its position is published. {@link #offer} never blocks and allocates nothing.
 */
final class BoundedMpscQueue<E> {
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(BoundedMpscQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final Object[] items;
    private final AtomicLongArray sequences;
    /** The next position a producer claims. */
    private volatile long tail;
    /** The next position the consumer reads; only the consumer touches it. */
    private long head;

    BoundedMpscQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("queue capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
        this.items = new Object[capacity];
        this.sequences = new AtomicLongArray(capacity);
        for (int slot = 0; slot < capacity; slot++) {
            sequences.set(slot, slot);
        }
    }

    /** Adds an item, or returns false at once when the queue is full. Any thread. */
    boolean offer(E item) {
        long position = tail;
        while (true) {
            int slot = (int) (position % capacity);
            long lag = sequences.getAcquire(slot) - position;
            if (lag == 0) {
                if (TAIL.compareAndSet(this, position, position + 1)) {
                    items[slot] = item;
                    sequences.setRelease(slot, position + 1);
                    return true;
                }
                position = tail;
            } else if (lag < 0) {
                return false; // the slot still holds the item of the previous lap
            } else {
                position = tail; // another producer took this position
            }
        }
    }

    /** The oldest published item, or null. Consumer thread only. */
    @SuppressWarnings("unchecked")
    E poll() {
        int slot = (int) (head % capacity);
        if (sequences.getAcquire(slot) != head + 1) {
            return null;
        }
        E item = (E) items[slot];
        items[slot] = null;
        sequences.setRelease(slot, head + capacity);
        head++;
        return item;
    }

    /**
     * True when no producer has claimed a position the consumer has not read, including claims not yet published
     * by {@link #offer}. Consumer thread only: a volatile read of the tail, which a producer advances with a CAS,
     * so a consumer that is closing waits for every claimed entry.
     */
    boolean isEmpty() {
        return tail == head;
    }
}
