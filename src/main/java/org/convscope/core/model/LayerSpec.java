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

    /** Returns a copy with another user name ({@code null} for an automatic one). */
    LayerSpec withUserName(String name);

    /** Returns true for a join ({@code Add}, {@code Concatenate}), the only layers that take several inputs. */
    default boolean join() {
        return false;
    }

    /**
     * A 2-D convolution: {@code filters} kernels of size {@code kh x kw x C_in}, one output map each.
     *
     * <p>Input {@code (H, W, C_in)}, output {@code (H', W', filters)} with {@code H' = out(H, kh, sh)} as in
     * {@link Padding}; weights {@code (kh, kw, C_in, filters)}, bias {@code (filters)}.
     * Parameters: {@code kh*kw*C_in*filters + filters}. A dilation rate {@code d} spreads the kernel's taps
     * {@code d} cells apart: it covers {@code d*(k-1)+1} cells with the same {@code k} weights (Keras
     * {@code dilation_rate}; Keras refuses strides above 1 together with a dilation above 1).
     */
    record Conv2D(String userName, int filters, Size2 kernel, Size2 strides, Padding padding,
                  Activation activation, boolean useBias, Size2 dilation) implements LayerSpec {
        /** A convolution without dilation, {@code dilation_rate=(1, 1)}. */
        public Conv2D(String userName, int filters, Size2 kernel, Size2 strides, Padding padding,
                      Activation activation, boolean useBias) {
            this(userName, filters, kernel, strides, padding, activation, useBias, Size2.square(1));
        }

        /** Defaults a null dilation to 1. */
        public Conv2D {
            dilation = dilation == null ? Size2.square(1) : dilation;
        }

        @Override public String type() { return "Conv2D"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "conv2d"; }
        @Override public Conv2D withUserName(String n) {
            return new Conv2D(n, filters, kernel, strides, padding, activation, useBias, dilation);
        }

        /** Returns true when the kernel's taps are spread apart (a dilation above 1 on either axis). */
        public boolean dilated() {
            return dilation.h() != 1 || dilation.w() != 1;
        }
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
        @Override public Pooling2D withUserName(String n) { return new Pooling2D(n, kind, pool, strides, padding); }
    }

    /** An element-wise activation layer; shape unchanged, no parameters. */
    record ActivationLayer(String userName, Activation activation) implements LayerSpec {
        @Override public String type() { return "Activation"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "activation"; }
        @Override public ActivationLayer withUserName(String n) { return new ActivationLayer(n, activation); }
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
        @Override public BatchNormalization withUserName(String n) { return new BatchNormalization(n, momentum, epsilon); }
    }

    /** Randomly zeroes a fraction {@code rate} of the values while training; shape unchanged. */
    record Dropout(String userName, double rate) implements LayerSpec {
        @Override public String type() { return "Dropout"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "dropout"; }
        @Override public Dropout withUserName(String n) { return new Dropout(n, rate); }
    }

    /** Reshapes {@code (H, W, C)} into a vector of {@code H*W*C} values. */
    record Flatten(String userName) implements LayerSpec {
        @Override public String type() { return "Flatten"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "flatten"; }
        @Override public Flatten withUserName(String n) { return new Flatten(n); }
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
        @Override public Dense withUserName(String n) { return new Dense(n, units, activation, useBias); }
    }

    /** Adds its inputs element by element: {@code y = x1 + x2 + ...}; every input has the same shape, no parameters. */
    record Add(String userName) implements LayerSpec {
        @Override public String type() { return "Add"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "add"; }
        @Override public Add withUserName(String n) { return new Add(n); }
        @Override public boolean join() { return true; }
    }

    /**
     * Stacks its inputs along the last axis (Keras {@code axis=-1}): {@code (H, W, C1)} and {@code (H, W, C2)} give
     * {@code (H, W, C1+C2)}; every other axis must agree. No parameters.
     */
    record Concatenate(String userName) implements LayerSpec {
        @Override public String type() { return "Concatenate"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "concatenate"; }
        @Override public Concatenate withUserName(String n) { return new Concatenate(n); }
        @Override public boolean join() { return true; }
    }

    /** The maximum or the mean of each whole feature map: {@code (H, W, C)} to the vector {@code (C)}; no parameters. */
    record GlobalPooling2D(String userName, PoolKind kind) implements LayerSpec {
        @Override public String type() { return "Global" + kind.type(); }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "global_" + kind.prefix(); }
        @Override public GlobalPooling2D withUserName(String n) { return new GlobalPooling2D(n, kind); }
    }

    /**
     * A depthwise convolution: each input channel gets its own {@code depthMultiplier} kernels of {@code kh x kw}
     * (no sum across channels). Input {@code (H, W, C)}, output {@code (H', W', C*depthMultiplier)}; weights
     * {@code (kh, kw, C, depthMultiplier)}. Parameters: {@code kh*kw*C*dm + C*dm} (bias).
     */
    record DepthwiseConv2D(String userName, Size2 kernel, Size2 strides, Padding padding, int depthMultiplier,
                           Activation activation, boolean useBias) implements LayerSpec {
        @Override public String type() { return "DepthwiseConv2D"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "depthwise_conv2d"; }
        @Override public DepthwiseConv2D withUserName(String n) {
            return new DepthwiseConv2D(n, kernel, strides, padding, depthMultiplier, activation, useBias);
        }
    }

    /**
     * A depthwise convolution followed by a 1x1 (pointwise) convolution to {@code filters} maps, as one layer.
     * Weights: depthwise {@code (kh, kw, C, dm)}, pointwise {@code (1, 1, C*dm, filters)}, bias {@code (filters)}.
     * Parameters: {@code kh*kw*C*dm + C*dm*filters + filters}.
     */
    record SeparableConv2D(String userName, int filters, Size2 kernel, Size2 strides, Padding padding,
                           int depthMultiplier, Activation activation, boolean useBias) implements LayerSpec {
        @Override public String type() { return "SeparableConv2D"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "separable_conv2d"; }
        @Override public SeparableConv2D withUserName(String n) {
            return new SeparableConv2D(n, filters, kernel, strides, padding, depthMultiplier, activation, useBias);
        }
    }

    /**
     * Adds rows and columns of zeros: {@code (H, W, C)} to {@code (top+H+bottom, left+W+right, C)}; no parameters.
     */
    record ZeroPadding2D(String userName, int top, int bottom, int left, int right) implements LayerSpec {
        @Override public String type() { return "ZeroPadding2D"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "zero_padding2d"; }
        @Override public ZeroPadding2D withUserName(String n) { return new ZeroPadding2D(n, top, bottom, left, right); }
    }

    /**
     * Keras' {@code ReLU} layer: {@code y = min(x, maxValue)} for {@code x >= threshold}, else
     * {@code negativeSlope * (x - threshold)}. {@code maxValue} 6 is ReLU6 (MobileNet); null means no upper bound.
     */
    record ReLU(String userName, Double maxValue, double negativeSlope, double threshold) implements LayerSpec {
        @Override public String type() { return "ReLU"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "re_lu"; }
        @Override public ReLU withUserName(String n) { return new ReLU(n, maxValue, negativeSlope, threshold); }
    }

    /** {@code y = x} for {@code x >= 0}, else {@code alpha * x} (Keras 2's {@code alpha}, Keras 3's {@code negative_slope}). */
    record LeakyReLU(String userName, double alpha) implements LayerSpec {
        /** Keras' default slope. */
        public static final double DEFAULT_ALPHA = 0.3;

        @Override public String type() { return "LeakyReLU"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "leaky_re_lu"; }
        @Override public LeakyReLU withUserName(String n) { return new LeakyReLU(n, alpha); }
    }

    /** Softmax over the last axis as a layer of its own; shape unchanged, no parameters. */
    record Softmax(String userName) implements LayerSpec {
        @Override public String type() { return "Softmax"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "softmax"; }
        @Override public Softmax withUserName(String n) { return new Softmax(n); }
    }

    /** {@code y = x * scale + offset}, e.g. {@code scale = 1/255} to bring pixels to 0..1; no parameters. */
    record Rescaling(String userName, double scale, double offset) implements LayerSpec {
        @Override public String type() { return "Rescaling"; }
        @Override public Optional<String> name() { return Optional.ofNullable(userName); }
        @Override public String kerasNamePrefix() { return "rescaling"; }
        @Override public Rescaling withUserName(String n) { return new Rescaling(n, scale, offset); }
    }
}
