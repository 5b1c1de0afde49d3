package org.convscope.engine.dl4j;

import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.model.TensorShape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SeparableConv2D on the native-ops path, as {@link Dl4jGraphBuilder} builds it: a {@link DepthwiseStep} without bias
 * (DL4J vertex {@code name/depthwise}) then a 1x1 {@link ConvStep} with the bias and activation (vertex {@code name}).
 */
final class SeparableStep implements NativeStep {
    private final DepthwiseStep depthwise;
    private final ConvStep pointwise;

    /** @param name the layer's name, its DL4J vertices' */
    SeparableStep(LayerSpec.SeparableConv2D s, String name, LayerInfo info, Dl4jModel m, NativeStep.Owner net) {
        TensorShape.Spatial in = (TensorShape.Spatial) info.input();
        TensorShape.Spatial out = (TensorShape.Spatial) info.output();
        TensorShape middle = new TensorShape.Spatial(out.height(), out.width(), in.channels() * s.depthMultiplier());
        depthwise = new DepthwiseStep(s.kernel(), s.strides(), s.padding(), middle, m.graphLayer(name + "/depthwise"),
                net);
        LayerSpec.Conv2D onePoint = new LayerSpec.Conv2D(null, s.filters(), Size2.square(1), Size2.square(1),
                Padding.VALID, s.activation(), s.useBias());
        pointwise = new ConvStep(onePoint, info, m.graphLayer(name), net);
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        return pointwise.forward(depthwise.forward(in, training, keep), training, keep);
    }

    @Override
    public INDArray backward(INDArray eps, boolean inputGradient) {
        return depthwise.backward(pointwise.backward(eps, true), inputGradient);
    }
}
