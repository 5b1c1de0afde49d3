package org.convscope.core.analysis;

import java.util.List;
import java.util.Optional;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;

/**
 * Shapes, parameters and costs of every layer of a model, or the first reason it cannot be built.
 *
 * <p>When {@link #problem()} is present, {@link #layers()} holds the layers before the faulty one.
 *
 * @param model the analysed model
 * @param layers one entry per layer that could be inferred
 * @param problem the first layer that cannot be built, if any
 */
public record ModelAnalysis(ModelSpec model, List<LayerInfo> layers, Optional<LayerProblem> problem) {

    /** Copies the layer list. */
    public ModelAnalysis {
        layers = List.copyOf(layers);
    }

    /** Returns true when every layer could be built. */
    public boolean valid() {
        return problem.isEmpty();
    }

    /** Returns the sum of all parameters. */
    public long totalParams() {
        return trainableParams() + nonTrainableParams();
    }

    /** Returns the sum of trainable parameters. */
    public long trainableParams() {
        return layers.stream().mapToLong(LayerInfo::trainableParams).sum();
    }

    /** Returns the sum of non-trainable parameters. */
    public long nonTrainableParams() {
        return layers.stream().mapToLong(LayerInfo::nonTrainableParams).sum();
    }

    /** Returns multiply-accumulates for one example's forward pass. */
    public long totalMacs() {
        return layers.stream().mapToLong(LayerInfo::macs).sum();
    }

    /** Returns the model's output shape (the input shape for a model with no layers). */
    public TensorShape outputShape() {
        return layers.isEmpty() ? model.input().shape() : layers.get(layers.size() - 1).output();
    }

    /** Returns the bytes the weights take as 32-bit floats. */
    public long weightBytes() {
        return totalParams() * Float.BYTES;
    }
}
