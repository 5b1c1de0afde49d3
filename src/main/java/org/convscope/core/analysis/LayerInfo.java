package org.convscope.core.analysis;

import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.TensorShape;

/**
 * One row of a model summary: a layer with its shapes, parameter counts and cost.
 *
 * @param index 1-based position in the model
 * @param name Keras-style name, e.g. {@code conv2d_1}
 * @param spec the layer
 * @param input shape entering the layer
 * @param output shape leaving the layer
 * @param trainableParams weights updated by training
 * @param nonTrainableParams stored values not trained (batch-norm moving statistics)
 * @param macs multiply-accumulate operations for one example (conv: {@code H'*W'*K*kh*kw*C_in}; dense: {@code N*units})
 * @param formula how the output shape was computed, with the numbers filled in; empty when trivial
 */
public record LayerInfo(int index, String name, LayerSpec spec, TensorShape input, TensorShape output,
                        long trainableParams, long nonTrainableParams, long macs, String formula) {

    /** Returns all parameters, as Keras' {@code Param #} column. */
    public long params() {
        return trainableParams + nonTrainableParams;
    }
}
