package org.convscope.core.analysis;

import java.util.Locale;

/**
 * How much memory a model needs, from its shapes alone, as 32-bit floats.
 *
 * <p>{@code weights = params * 4}; {@code activations per image = 4 * (input + sum of every layer's output
 * elements)}; inference keeps the weights and one image's activations; training a batch of {@code B}
 * keeps the weights four times (values, gradients, Adam's two moments) and every activation twice
 * (values and gradients) for {@code B} images. Real engines add workspaces and copies, so a margin
 * is applied by the callers that decide.
 *
 * @param weightBytes the weights
 * @param activationBytesPerImage all layers' outputs for one image
 */
public record MemoryEstimate(long weightBytes, long activationBytesPerImage) {

    /** Estimates a valid model's memory. */
    public static MemoryEstimate of(ModelAnalysis analysis) {
        long elements = analysis.model().input().shape().elements();
        for (LayerInfo l : analysis.layers()) {
            elements += l.output().elements();
        }
        return new MemoryEstimate(analysis.totalParams() * Float.BYTES, elements * Float.BYTES);
    }

    /** Returns bytes to run one image forward: weights plus one image's activations. */
    public long inferenceBytes() {
        return weightBytes + activationBytesPerImage;
    }

    /** Returns bytes to train on batches of {@code batch} images with Adam. */
    public long trainingBytes(int batch) {
        return 4 * weightBytes + 2 * activationBytesPerImage * batch;
    }

    /**
     * Returns why the model does not fit, or empty when it does.
     *
     * @param needed bytes needed
     * @param available bytes the caller allows (e.g. a share of the JVM heap)
     * @param what e.g. {@code "to show feature maps"}
     * @return a message such as {@code needs 1.1 GB to show feature maps; this machine allows 0.6 GB}, or empty
     */
    public static String check(long needed, long available, String what) {
        if (needed <= available) {
            return "";
        }
        return "This model needs " + human(needed) + " " + what + "; ConvScope may use " + human(available)
                + " here. Try a smaller input size or fewer filters.";
    }

    /** Formats bytes as {@code 527.8 MB} or {@code 1.4 GB}. */
    public static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
