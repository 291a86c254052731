package dev.moor.edge.observe;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedMpscQueueTest {
    @Test
    void holdsExactlyItsCapacityInOrderAcrossManyLaps() {
        BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(3);
        int next = 0;
        int expected = 0;
        for (int lap = 0; lap < 10; lap++) {
            assertThat(queue.isEmpty()).isTrue();
            assertThat(queue.offer(next++)).isTrue();
            assertThat(queue.offer(next++)).isTrue();
            assertThat(queue.offer(next++)).isTrue();
            assertThat(queue.offer(-1)).as("full").isFalse();
            assertThat(queue.isEmpty()).isFalse();
            assertThat(queue.poll()).isEqualTo(expected++);
            assertThat(queue.offer(next++)).isTrue();
            for (int i = 0; i < 3; i++) {
                assertThat(queue.poll()).isEqualTo(expected++);
            }
            assertThat(queue.poll()).isNull();
        }
    }

    @Test
    void rejectsACapacityBelowOne() {
        assertThatThrownBy(() -> new BoundedMpscQueue<>(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue capacity: 0 (expected: > 0)");
    }

    @Test
    void deliversEveryAcceptedItemExactlyOnceUnderConcurrentProducers() throws InterruptedException {
        BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(7);
        int producers = 4;
        int perProducer = 200_000;
        AtomicInteger rejected = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    if (!queue.offer(base + i)) {
                        rejected.incrementAndGet();
                    }
                }
            }));
        }
        Set<Integer> received = new HashSet<>();
        int[] lastPerProducer = new int[producers];
        java.util.Arrays.fill(lastPerProducer, -1);
        start.countDown();
        while (threads.stream().anyMatch(Thread::isAlive) || !queue.isEmpty()) {
            Integer item = queue.poll();
            if (item == null) {
                Thread.onSpinWait();
                continue;
            }
            assertThat(received.add(item)).as("duplicate %s", item).isTrue();
            int producer = item / perProducer;
            assertThat(item).as("order of producer %s", producer).isGreaterThan(lastPerProducer[producer]);
            lastPerProducer[producer] = item;
        }
        assertThat(received.size() + rejected.get()).isEqualTo(producers * perProducer);
        assertThat(received).isNotEmpty();
    }
}
