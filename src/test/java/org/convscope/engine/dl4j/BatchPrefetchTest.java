package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The next batch is prepared on another thread, in order, into two alternating arrays; its failures come back as they were. */
class BatchPrefetchTest {

    @Test
    void preparesOnAnotherThreadInOrderIntoTwoAlternatingArrays() {
        List<Integer> order = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        try (BatchPrefetch p = new BatchPrefetch((b, into) -> {
            order.add(b);
            threads.add(Thread.currentThread().getName());
            java.util.Arrays.fill(into, b);
            return new BatchPrefetch.Batch(new int[] {b}, into, new int[] {b % 2});
        })) {
            p.start(0, 3);
            BatchPrefetch.Batch b0 = p.take();
            p.start(1, 3);
            BatchPrefetch.Batch b1 = p.take();
            assertArrayEquals(new float[] {0, 0, 0}, b0.images()); // batch 1 went into the other array
            p.start(2, 3);
            BatchPrefetch.Batch b2 = p.take();
            p.start(3, 2); // a shorter last batch gets an array of its length
            BatchPrefetch.Batch b3 = p.take();
            assertNotSame(b0.images(), b1.images());
            assertSame(b0.images(), b2.images());
            assertArrayEquals(new float[] {2, 2, 2}, b2.images());
            assertArrayEquals(new float[] {3, 3}, b3.images());
            assertArrayEquals(new int[] {1}, b1.idx());
            assertArrayEquals(new int[] {1}, b1.labels());
        }
        assertEquals(List.of(0, 1, 2, 3), order);
        assertTrue(threads.stream().allMatch(t -> t.equals("convscope-next-batch")), threads.toString());
    }

    @Test
    void failuresOfThePreparationComeBackAsTheyWere() {
        try (BatchPrefetch p = new BatchPrefetch((b, into) -> {
            if (b == 0) {
                throw new OutOfMemoryError("Java heap space");
            }
            throw new IllegalArgumentException("image " + b + " is damaged");
        })) {
            p.start(0, 1);
            assertEquals("Java heap space", assertThrows(OutOfMemoryError.class, p::take).getMessage());
            p.start(1, 1);
            assertEquals("image 1 is damaged", assertThrows(IllegalArgumentException.class, p::take).getMessage());
        }
    }

    @Test
    void closeDropsABatchBeingPrepared() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        BatchPrefetch p = new BatchPrefetch((b, into) -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        });
        p.start(0, 1);
        assertTrue(started.await(30, TimeUnit.SECONDS));
        p.close();
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the preparing thread was stopped");
    }
}
