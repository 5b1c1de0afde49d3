package org.convscope.core.model;

import java.util.Optional;

/**
 * One layer of a sequential model, with Keras class and argument names.
 *
 * <p>Specs are immutable values: editing a model means replacing a spec. {@code name} is the
 * user's own name or {@code null}, in which case Keras-style names ({@code conv2d_1}) are assigned.
 */
public sealed interface LayerSpec {

    /** Returns the Keras class name, e.g. {@code Conv2D}. */
    String type();

    /** Returns the user's name for this layer, if one was given. */
    Optional<String> name();

    /** Returns the prefix Keras uses for automatic names, e.g. {@code conv2d}. */
    String kerasNamePrefix();

    /**
     * A 2-D convolution: {@code filters} kernels of size {@code kh x kw x C_in}, one output map each.
     *
     * <p>Input {@code (H, W, C_in)}, output {@code (H', W', filters)} with {@code H' = out(H, kh, sh)} as in
     * {@link Padding}; weights {@code (kh, kw, C_in, filters)}, bias {@code (filters)}.
     * Parameters: {@code kh*kw*C_in*filters + filters}.
     */
    record Conv2D(String userName, int filters, Size2 kernel, Size2 strides, Padding padding,
                  Activation activation, boolean useBias) implements LayerSpec {
        @Override public String type() { return "Conv2D"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "conv2d"; }
    }

    /** Pooling flavour: the maximum or the mean of each window. */
    enum PoolKind {
        MAX("MaxPooling2D", "max_pooling2d"),
        AVERAGE("AveragePooling2D", "average_pooling2d");

        private final String type;
        private final String prefix;

        PoolKind(String type, String prefix) {
            this.type = type;
            this.prefix = prefix;
        }

        /** Returns the Keras class name. */
        public String type() {
            return type;
        }

        String prefix() {
            return prefix;
        }
    }

    /**
     * Max or average pooling over {@code ph x pw} windows, channel by channel.
     *
     * <p>Input {@code (H, W, C)}, output {@code (H', W', C)}; no parameters. Keras defaults the
     * strides to the pool size.
     */
    record Pooling2D(String userName, PoolKind kind, Size2 pool, Size2 strides, Padding padding)
            implements LayerSpec {
        @Override public String type() { return kind.type(); }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return kind.prefix(); }
    }

    /** An element-wise activation layer; shape unchanged, no parameters. */
    record ActivationLayer(String userName, Activation activation) implements LayerSpec {
        @Override public String type() { return "Activation"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "activation"; }
    }

    /**
     * Batch normalisation over the last axis ({@code C} channels).
     *
     * <p>{@code y = gamma * (x - mean) / sqrt(var + epsilon) + beta}. Parameters {@code 4*C}: gamma and
     * beta are trained, the moving mean and variance ({@code 2*C}) are not.
     */
    record BatchNormalization(String userName, double momentum, double epsilon) implements LayerSpec {
        /** Keras' default momentum. */
        public static final double DEFAULT_MOMENTUM = 0.99;
        /** Keras' default epsilon. */
        public static final double DEFAULT_EPSILON = 0.001;

        @Override public String type() { return "BatchNormalization"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "batch_normalization"; }
    }

    /** Randomly zeroes a fraction {@code rate} of the values while training; shape unchanged. */
    record Dropout(String userName, double rate) implements LayerSpec {
        @Override public String type() { return "Dropout"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "dropout"; }
    }

    /** Reshapes {@code (H, W, C)} into a vector of {@code H*W*C} values. */
    record Flatten(String userName) implements LayerSpec {
        @Override public String type() { return "Flatten"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "flatten"; }
    }

    /**
     * A fully connected layer: {@code y = activation(x W + b)}.
     *
     * <p>Input {@code (N)}, output {@code (units)}; weights {@code (N, units)}, bias {@code (units)}.
     * Parameters: {@code N*units + units}.
     */
    record Dense(String userName, int units, Activation activation, boolean useBias) implements LayerSpec {
        @Override public String type() { return "Dense"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "dense"; }
    }
}
