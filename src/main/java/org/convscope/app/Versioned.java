package org.convscope.app;

import java.util.Objects;

/**
 * A result computed from one set of weights (a prediction, a Grad-CAM map, feature maps, test results, an embedding),
 * tagged with that set so that no view shows it as if it came from other weights.
 *
 * @param value the result
 * @param weights the weights it was computed from
 * @param <T> the result's type
 */
public record Versioned<T>(T value, WeightsVersion weights) {

    /** Checks the fields. */
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(weights, "weights");
    }

    /** True when this result was computed from exactly {@code current}. */
    public boolean isFrom(WeightsVersion current) {
        return weights.equals(current);
    }
}
