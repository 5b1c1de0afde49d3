package org.convscope.core.conv;

import static org.convscope.core.text.CoreText.tr;

import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;

/**
 * How a pooling window is applied.
 *
 * <p>Modes: {@code MAX} keeps the largest value, {@code AVERAGE} the mean, {@code MIXED} the seed's
 * mixed pooling {@code lambda * max + (1 - lambda) * mean}. With padding {@code same} the padded cells
 * are ignored, as in Keras; with explicit padding {@code p} they are zeros that count, as
 * {@code ZeroPadding2D} followed by pooling would do.
 *
 * @param pool window size
 * @param strides step between windows; Keras defaults it to the pool size
 * @param padding border treatment
 * @param mode max, average or mixed
 * @param lambda weight of the max in mixed pooling, 0..1
 */
public record PoolSettings(Size2 pool, Size2 strides, Padding padding, Mode mode, double lambda) {

    /** What a window is reduced to. */
    public enum Mode { MAX, AVERAGE, MIXED }

    /** Checks lambda. */
    public PoolSettings {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException(tr("error.pool.lambda", lambda));
        }
    }

    /** Returns max pooling with strides equal to the pool size and no padding. */
    public static PoolSettings max(int size) {
        return new PoolSettings(Size2.square(size), Size2.square(size), Padding.VALID, Mode.MAX, 1);
    }
}
