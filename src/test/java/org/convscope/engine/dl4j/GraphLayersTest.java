package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.engine.Activations;
import org.junit.jupiter.api.Test;

/**
 * Layers only the graph path has, worked by hand: a dilated Conv2D (in a chain, which is built as a graph for it),
 * Keras' ReLU with max_value, negative_slope and threshold, and Rescaling.
 */
class GraphLayersTest {

    private final Dl4jEngine engine = new Dl4jEngine();

    /** 0, 1, ..., n-1 as an h x w x 1 image. */
    private static Volume ramp(int h, int w) {
        double[] v = new double[h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return new Volume(h, w, 1, v);
    }

    @Test
    void aDilatedConvolutionSkipsEveryOtherPixel() {
        LayerSpec conv = new LayerSpec.Conv2D("dilated", 1, Size2.square(3), Size2.square(1), Padding.VALID,
                Activation.LINEAR, false, Size2.square(2));
        ModelSpec spec = new ModelSpec("dilated", "", new InputSpec(5, 5, 1), List.of(conv));
        var m = engine.compile(spec, 1);
        double[] ones = new double[9];
        java.util.Arrays.fill(ones, 1);
        engine.setConv2DWeights(m, 1, new Volume[] {new Volume(3, 3, 1, ones)}, null);
        // a 3x3 kernel with dilation 2 covers 5x5: rows and columns 0, 2, 4 of the ramp 0..24
        // 0 + 2 + 4 + 10 + 12 + 14 + 20 + 22 + 24 = 108
        Activations a = engine.forward(m, ramp(5, 5));
        assertArrayEquals(new double[] {108}, a.layers().get(0).output().values(), 1e-5);
    }

    @Test
    void reluWithCeilingSlopeAndThresholdAndRescalingFollowKeras() {
        ModelSpec spec = new ModelSpec("relu", "", new InputSpec(1, 5, 1), List.of(
                new LayerSpec.Rescaling("scale", 0.5, -1.0),
                new LayerSpec.ReLU("relu", 6.0, 0.1, 1.0)));
        var m = engine.compile(spec, 1);
        Volume x = new Volume(1, 5, 1, new double[] {-2, 3, 4, 8, 16}); // rescaled: -2, 0.5, 1, 3, 7
        Activations a = engine.forward(m, x);
        assertArrayEquals(new double[] {-2, 0.5, 1, 3, 7}, a.layers().get(0).output().values(), 1e-6);
        // below threshold 1: 0.1 * (x - 1); from 1 up to 6: x; 6 and above: 6
        assertArrayEquals(new double[] {-0.3, -0.05, 1, 3, 6}, a.layers().get(1).output().values(), 1e-6);
        assertEquals(2, a.layers().size());
    }

    @Test
    void theKerasReluDerivativeIsItsSlopeOnEachRange() {
        ActivationKerasRelu relu = new ActivationKerasRelu(6.0, 0.1, 1.0);
        var in = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {-2f, 0.5f, 1f, 3f, 7f});
        var eps = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {1f, 2f, 3f, 4f, 5f});
        float[] grad = relu.backprop(in, eps).getFirst().toFloatVector();
        assertArrayEquals(new float[] {0.1f, 0.2f, 3f, 4f, 0f}, grad, 1e-6f);
        ActivationAffine affine = new ActivationAffine(0.5, -1);
        var in2 = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {1f, 2f});
        var eps2 = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {4f, 6f});
        assertArrayEquals(new float[] {2f, 3f}, affine.backprop(in2, eps2).getFirst().toFloatVector(), 1e-6f);
    }

    @Test
    void reluSixAndPlainReluTakeTheShortPathWithTheSameValuesAndSlopes() {
        ActivationKerasRelu relu6 = new ActivationKerasRelu(6.0, 0, 0);
        float[] x = {-2f, 0f, 0.5f, 6f, 7f};
        var y = relu6.getActivation(org.nd4j.linalg.factory.Nd4j.createFromArray(x.clone()), true).toFloatVector();
        assertArrayEquals(new float[] {0f, 0f, 0.5f, 6f, 6f}, y, 1e-6f);
        var eps = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {1f, 2f, 3f, 4f, 5f});
        // slope 1 on 0 <= x < 6 (Keras: x >= threshold and x < max_value), 0 elsewhere
        float[] grad = relu6.backprop(org.nd4j.linalg.factory.Nd4j.createFromArray(x.clone()), eps).getFirst()
                .toFloatVector();
        assertArrayEquals(new float[] {0f, 2f, 3f, 0f, 0f}, grad, 1e-6f);
        ActivationKerasRelu relu = new ActivationKerasRelu(null, 0, 0);
        assertArrayEquals(new float[] {0f, 0f, 0.5f, 6f, 7f}, relu.getActivation(
                org.nd4j.linalg.factory.Nd4j.createFromArray(x.clone()), false).toFloatVector(), 1e-6f);
    }
}
