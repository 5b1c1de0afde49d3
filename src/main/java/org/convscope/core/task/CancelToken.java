package org.convscope.core.task;

/**
 * Cooperative cancellation for long work: loops check {@link #isCancelled()} between steps.
 *
 * <p>Plain Java so that {@code engine} and {@code imaging} can be cancelled without JavaFX.
 */
@FunctionalInterface
public interface CancelToken {

    /** A token that is never cancelled. */
    CancelToken NEVER = () -> false;

    /** Returns true once the user asked to stop. */
    boolean isCancelled();

    /**
     * Throws if cancelled; call between steps of long work.
     *
     * @throws CancelledException when cancelled
     */
    default void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** Thrown by {@link #throwIfCancelled()}; the caller treats it as a normal stop, not an error. */
    final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public CancelledException() {
            super("cancelled", null, false, false);
        }
    }
}
