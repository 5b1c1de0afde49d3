package org.convscope.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands events from a worker thread to the FX thread in batches: one {@code runLater} is pending at a
 * time, however many events arrive, and the sink receives everything queued since the last drain.
 *
 * <p>Training emits an event per batch; the charts then update a few times a second at most, without
 * flooding the event queue. Tests pass {@code Runnable::run} as the executor.
 *
 * @param <E> the event type
 */
public final class FxBatcher<E> {

    private final ConcurrentLinkedQueue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor fx;
    private final Consumer<List<E>> sink;

    /**
     * Creates a batcher.
     *
     * @param fx runs the drain on the UI thread ({@code Platform::runLater})
     * @param sink receives the events queued since the last drain, in order
     */
    public FxBatcher(Executor fx, Consumer<List<E>> sink) {
        this.fx = fx;
        this.sink = sink;
    }

    /** Queues an event; schedules a drain only if none is pending. Safe from any thread. */
    public void offer(E event) {
        queue.add(event);
        if (scheduled.compareAndSet(false, true)) {
            fx.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<E> events = new ArrayList<>();
        for (E e; (e = queue.poll()) != null; ) {
            events.add(e);
        }
        if (!events.isEmpty()) {
            sink.accept(events);
        }
    }
}
