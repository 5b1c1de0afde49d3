package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.engine.ClassGradient;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Explanations;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Grad-CAM through the engine: a model with known weights worked by hand, and the inference-mode backward pass
 * checked against forward passes alone (first order: {@code y(x') - y(x) ~ sum G * (A(x') - A(x))}) on a model
 * with every layer type, batch normalisation with non-trivial moving statistics and dropout included.
 */
class GradCamEngineTest {

    /** 4x4 gray -> Conv2D(2, 3x3, valid, ReLU) -> Flatten -> Dense(2, softmax). */
    private static ModelSpec tiny() {
        return new ModelSpec("tiny", "", new InputSpec(4, 4, 1), List.of(
                new LayerSpec.Conv2D(null, 2, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, true),
                new LayerSpec.Flatten(null), new LayerSpec.Dense(null, 2, Activation.SOFTMAX, true)));
    }

    @Test
    void knownWeightsGiveTheHandWorkedMap() {
        for (Dl4jEngine.Kernels kernels : Dl4jEngine.Kernels.values()) {
            Dl4jEngine engine = new Dl4jEngine(kernels);
            CompiledModel m = engine.compile(tiny(), 1);
            // filter 0 sums the 3x3 window, filter 1 picks its centre; no bias
            Volume sum = new Volume(3, 3, 1, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
            Volume centre = new Volume(3, 3, 1, new double[] {0, 0, 0, 0, 1, 0, 0, 0, 0});
            engine.setConv2DWeights(m, 1, new Volume[] {sum, centre}, new double[] {0, 0});
            // Dense rows are Flatten's channels-last order: (r * 2 + c) * 2 + k
            double[][] w = new double[8][2];
            double[] class0k0 = {1, -1, 2, 0};
            double[] class0k1 = {0.5, 0.5, -3, 1};
            for (int cell = 0; cell < 4; cell++) {
                w[cell * 2][0] = class0k0[cell];
                w[cell * 2 + 1][0] = class0k1[cell];
            }
            w[0][1] = 0.4; // class 1: alpha0 = 0.1
            w[1][1] = -4; //           alpha1 = -1
            engine.setDenseWeights(m, 3, w, new double[] {0, 0});
            double[] pixels = new double[16];
            for (int i = 0; i < 16; i++) {
                pixels[i] = i; // pixel (r, c) = 4r + c
            }
            Volume image = new Volume(4, 4, 1, pixels);
            // A: channel 0 = 9 * centre = [[45, 54], [81, 90]], channel 1 = centre = [[5, 6], [9, 10]]
            // logits: class 0 = 45 - 54 + 162 + 2.5 + 3 - 27 + 10 = 141.5; class 1 = 0.4 * 45 - 4 * 5 = -2
            ClassGradient g = engine.classGradient(m, image, 1, -1);
            assertEquals(0, g.classIndex(), kernels.name());
            assertArrayEquals(new double[] {45, 5, 54, 6, 81, 9, 90, 10}, g.activation().values(), 1e-4);
            // the logit is linear in A: dy0/dA is class 0's Dense column
            assertArrayEquals(new double[] {1, 0.5, -1, 0.5, 2, -3, 0, 1}, g.gradient().values(), 1e-6);
            assertEquals(1.0, g.probabilities()[0], 1e-9);

            Explanations.GradCamMap map = Explanations.gradCam(engine, m, image, -1, 0);
            assertEquals(1, map.layer());
            assertEquals("conv2d", map.layerName());
            assertArrayEquals(new double[] {0.5, -0.25}, map.cam().alpha(), 1e-6);
            // relu(0.5 * A0 - 0.25 * A1)
            assertArrayEquals(new double[] {21.25, 25.5}, map.cam().coarse()[0], 1e-4);
            assertArrayEquals(new double[] {38.25, 42.5}, map.cam().coarse()[1], 1e-4);
            assertEquals(4, map.cam().map().length, "enlarged to the image");
            // class 1: relu(0.1 * A0 - A1) = relu(0.9 A1 - A1) = 0 everywhere: no positive evidence
            Explanations.GradCamMap other = Explanations.gradCam(engine, m, image, 1, 0);
            assertArrayEquals(new double[] {0.1, -1}, other.cam().alpha(), 1e-6);
            assertEquals(0, other.cam().max(), 1e-4);
            assertEquals(1 / (1 + Math.exp(143.5)), other.probability(), 1e-12);
        }
    }

    /** Every layer type, logits at the end, dropout and batch normalisation in between. */
    private static ModelSpec mixed() {
        return new ModelSpec("mixed", "", new InputSpec(9, 9, 3), List.of(
                new LayerSpec.Conv2D(null, 4, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(2), Padding.SAME),
                new LayerSpec.Conv2D(null, 5, Size2.square(2), Size2.square(1), Padding.VALID, Activation.TANH, true),
                new LayerSpec.BatchNormalization(null, 0.9, 1e-3),
                new LayerSpec.ActivationLayer(null, Activation.SIGMOID),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(2), Size2.square(1), Padding.VALID),
                new LayerSpec.Dropout(null, 0.5),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 6, Activation.TANH, true),
                new LayerSpec.Dense(null, 3, Activation.LINEAR, true)));
    }

    @Test
    void gradientsAgreeWithForwardPassesAtEveryImageLayer() {
        Dl4jEngine engine = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS); // forward passes on DL4J's own layers
        Dl4jModel m = (Dl4jModel) engine.compile(mixed(), 3);
        INDArray p = m.network().params();
        Nd4j.getRandom().setSeed(11);
        p.assign(Nd4j.rand(DataType.FLOAT, p.shape()).subi(0.5).muli(2)); // moving mean and log10(std) too
        Random rnd = new Random(5);
        double[] v = new double[9 * 9 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble();
        }
        Volume x = new Volume(9, 9, 3, v);
        double[] logits = engine.forward(m, x).layer(10).output().values();
        for (int layer = 1; layer <= 6; layer++) {
            for (int c = 0; c < 3; c++) {
                ClassGradient g = engine.classGradient(m, x, layer, c);
                double[] a0 = engine.forward(m, x).layer(layer).output().values();
                assertArrayEquals(a0, g.activation().values(), 1e-5, "the layer's output, layer " + layer);
                double worst = 0;
                for (int trial = 0; trial < 3; trial++) {
                    double[] moved = v.clone();
                    for (int i = 0; i < moved.length; i++) {
                        moved[i] += 1e-3 * rnd.nextGaussian();
                    }
                    Volume x2 = new Volume(9, 9, 3, moved);
                    double[] a1 = engine.forward(m, x2).layer(layer).output().values();
                    double dy = engine.forward(m, x2).layer(10).output().values()[c] - logits[c];
                    double predicted = 0;
                    for (int i = 0; i < a0.length; i++) {
                        predicted += g.gradient().values()[i] * (a1[i] - a0[i]);
                    }
                    worst = Math.max(worst, Math.abs(predicted - dy) / Math.max(1e-4, Math.abs(dy)));
                }
                assertTrue(worst < 0.05, "layer " + layer + " class " + c + ": first-order error " + worst);
            }
        }
    }

    @Test
    void defaultLayerIsTheLastConvolutionWithItsActivation() {
        Dl4jEngine engine = new Dl4jEngine();
        assertEquals(5, Explanations.lastConvLayer(engine.compile(mixed(), 1)), "conv, batch norm, activation");
        CompiledModel cifar = engine.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 1);
        assertEquals(5, Explanations.lastConvLayer(cifar), "conv2d_2 (4x4x64)");
        Volume image = new Volume(32, 32, 3, new double[32 * 32 * 3]);
        Explanations.GradCamMap map = Explanations.gradCam(engine, cifar, image, 3, 0);
        assertEquals("conv2d_2", map.layerName());
        assertEquals(64, map.cam().alpha().length);
        assertEquals(32, map.cam().map().length);
        assertEquals(3, map.classIndex());
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> engine.classGradient(cifar, image, 7, 0));
        assertTrue(flat.getMessage().contains("image-shaped"), flat.getMessage());
        CompiledModel dense = engine.compile(new ModelSpec("d", "", new InputSpec(4, 4, 1), List.of(
                new LayerSpec.Flatten(null), new LayerSpec.Dense(null, 2, Activation.SOFTMAX, true))), 1);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Explanations.gradCam(engine, dense, new Volume(4, 4, 1, new double[16]), -1, 0));
        assertTrue(none.getMessage().contains("Conv2D"), none.getMessage());
    }
}
