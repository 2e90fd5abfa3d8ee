package dev.lvlmserve.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
    record Item(int id, long enqueued) {}

    static DynamicBatcher<Item> batcher(int capacity, int max, long delayMillis) {
        return new DynamicBatcher<>(capacity, max, TimeUnit.MILLISECONDS.toNanos(delayMillis), Item::enqueued);
    }

    @Test
    void sendsAsSoonAsTheBatchIsFull() throws Exception {
        DynamicBatcher<Item> b = batcher(10, 3, 200);
        for (int i = 0; i < 5; i++) {
            b.offer(new Item(i, System.nanoTime()));
        }
        long t0 = System.nanoTime();
        List<Item> first = b.next(() -> false);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(first).extracting(Item::id).containsExactly(0, 1, 2);
        assertThat(waited).as("no waiting when full").isLessThan(150);
        assertThat(b.next(() -> false)).extracting(Item::id).containsExactly(3, 4);
    }

    @Test
    void aLoneRequestWaitsAtMostTheDelayFromItsArrival() throws Exception {
        DynamicBatcher<Item> b = batcher(10, 8, 40);
        long enqueued = System.nanoTime();
        b.offer(new Item(1, enqueued));
        List<Item> batch = b.next(() -> false);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - enqueued);
        assertThat(batch).hasSize(1);
        assertThat(waited).isBetween(35L, 2_000L);
    }

    @Test
    void requestsArrivingWithinTheDelayJoinTheBatch() throws Exception {
        DynamicBatcher<Item> b = batcher(10, 8, 300);
        b.offer(new Item(1, System.nanoTime()));
        Thread late = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            b.offer(new Item(2, System.nanoTime()));
        });
        assertThat(b.next(() -> false)).extracting(Item::id).containsExactly(1, 2);
        late.join();
    }

    @Test
    void aFullQueueRefusesAndAFinishedOneDrainsThenEnds() throws Exception {
        DynamicBatcher<Item> b = batcher(2, 8, 0);
        assertThat(b.offer(new Item(1, 0))).isTrue();
        assertThat(b.offer(new Item(2, 0))).isTrue();
        assertThat(b.offer(new Item(3, 0))).isFalse();
        assertThat(b.waiting()).isEqualTo(2);
        assertThat(b.next(() -> true)).hasSize(2);
        assertThat(b.next(() -> true)).isNull();
    }
}
