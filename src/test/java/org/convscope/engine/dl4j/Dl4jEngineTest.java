package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.Convolution;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.Pooling;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.LayerActivation;
import org.convscope.io.Presets;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J engine against the analyzer (shapes, parameter counts) and against independent arithmetic: the
 * core convolution and pooling, and hand-computed dense layers. Float32, so comparisons allow 1e-4.
 */
class Dl4jEngineTest {

    /**
     * The VGG presets have 138 M and 386 M parameters (0.5 and 1.5 GB of float32 weights) and 224x224 inputs:
     * too slow and too large for a unit test. Anything else above {@link #MAX_PARAMS} is skipped for the same reason.
     */
    private static final Set<String> TOO_BIG = Set.of("vgg16", "seed000-vgg-style");
    private static final long MAX_PARAMS = 5_000_000;
    private static final double TOL = 1e-4;

    private static final double[][] SEED_5X5 = {
        {7, 2, 3, 3, 8}, {4, 5, 3, 8, 4}, {3, 3, 2, 8, 4}, {2, 8, 7, 2, 7}, {5, 4, 4, 5, 4}};
    private static final double[][] VERTICAL_EDGE = {{1, 0, -1}, {1, 0, -1}, {1, 0, -1}};

    private final Dl4jEngine engine = new Dl4jEngine();

    // ---- (a) shapes and parameter counts -------------------------------------------------------------

    @Test
    void presetsHaveTheAnalyzersParametersAndShapes() {
        List<String> ran = new ArrayList<>();
        for (Presets.Preset p : Presets.all()) {
            ModelAnalysis analysis = ModelAnalyzer.analyze(p.model());
            assertTrue(analysis.valid(), p.id());
            if (TOO_BIG.contains(p.id()) || analysis.totalParams() > MAX_PARAMS) {
                continue;
            }
            checkShapesAndParams(p.id(), p.model());
            ran.add(p.id());
        }
        assertTrue(ran.containsAll(List.of("tf-cifar-cnn", "lenet5", "keras-mnist-convnet", "seed003-small",
                "seed003-bigger", "seed-conv-gray", "seed-conv-rgb")), "presets run: " + ran);
        checkShapesAndParams("everyKind", everyKind());
    }

    private void checkShapesAndParams(String id, ModelSpec model) {
        ModelAnalysis analysis = ModelAnalyzer.analyze(model);
        CompiledModel compiled = engine.compile(model, 1);
        assertEquals(analysis.totalParams(), compiled.parameterCount(), id + ": parameters");
        Volume input = image(model.input(), 5);
        Activations acts = engine.forward(compiled, input);
        assertEquals(model.layers().size(), acts.size(), id);
        List<String> names = ModelAnalyzer.layerNames(model);
        for (int i = 0; i < analysis.layers().size(); i++) {
            LayerInfo info = analysis.layers().get(i);
            LayerActivation a = acts.layers().get(i);
            assertEquals(i + 1, a.index(), id);
            assertEquals(names.get(i), a.name(), id);
            assertEquals(info.spec().type(), a.type(), id);
            assertEquals(info.output(), a.shape(), id + ", layer " + info.name());
            assertEquals(info.output().elements(), a.output().values().length, id + ", layer " + info.name());
            for (double v : a.output().values()) {
                assertTrue(Double.isFinite(v), id + ", layer " + info.name());
            }
        }
        LayerActivation last = acts.layers().get(acts.size() - 1);
        // the engine's layer-by-layer pass ends where DL4J's own output() does
        INDArray own = Dl4jEngine.networkOutput(compiled, input);
        double[] expected = own.rank() == 2 ? Nd4jArrays.toDoubles(Nd4jArrays.floats(own))
                : Nd4jArrays.fromNchw(own).values();
        assertArrayEquals(expected, last.output().values(), TOL, id + ": last layer");
        if (model.layers().get(model.layers().size() - 1) instanceof LayerSpec.Dense d && d.activation() == Activation.SOFTMAX) {
            assertEquals(1.0, sum(last.output().values()), TOL, id + ": softmax output sums to 1");
        }
    }

    /** Every layer kind and option, including what DL4J does differently and the engine must hide. */
    private static ModelSpec everyKind() {
        return new ModelSpec("every kind", "", new InputSpec(40, 36, 3), List.of(
                new LayerSpec.Conv2D("stem", 8, new Size2(3, 5), new Size2(1, 2), Padding.of(2), Activation.RELU, true),
                new LayerSpec.BatchNormalization(null, 0.9, 1e-5),
                new LayerSpec.ActivationLayer(null, Activation.LEAKY_RELU),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(2), Size2.square(2), Padding.of(1)),
                new LayerSpec.Conv2D(null, 16, Size2.square(3), Size2.square(2), Padding.SAME, Activation.TANH, false),
                new LayerSpec.Pooling2D("pool", LayerSpec.PoolKind.MAX, Size2.square(3), Size2.square(1), Padding.SAME),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(2), Padding.of(1)),
                new LayerSpec.Dropout(null, 0.25),
                new LayerSpec.Conv2D(null, 4, Size2.square(1), Size2.square(1), Padding.VALID, Activation.SIGMOID, true),
                new LayerSpec.ActivationLayer(null, Activation.SOFTMAX),
                new LayerSpec.Flatten(null),
                new LayerSpec.BatchNormalization("bn_flat", 0.99, 0.001),
                new LayerSpec.Dropout(null, 0.2),
                new LayerSpec.Dense(null, 32, Activation.LINEAR, false),
                new LayerSpec.ActivationLayer(null, Activation.RELU),
                new LayerSpec.Dense("head", 5, Activation.SOFTMAX, true)));
    }

    // ---- (b) numbers against the core arithmetic and hand computations ------------------------------------

    @Test
    void seedVerticalEdgeGivesTheCoreConvolution() {
        ModelSpec m = new ModelSpec("edge", "", new InputSpec(5, 5, 1), List.of(
                new LayerSpec.Conv2D(null, 1, Size2.square(3), Size2.square(1), Padding.VALID, Activation.LINEAR, true)));
        CompiledModel c = engine.compile(m, 3);
        Volume kernel = Volume.of(VERTICAL_EDGE);
        engine.setConv2DWeights(c, 1, new Volume[] {kernel}, new double[] {0});
        assertEquals(kernel, c.filters(1)[0], "weights read back as written");

        Volume out = engine.forward(c, Volume.of(SEED_5X5)).layer(1).output();
        double[][] expected = Convolution.run(Volume.of(SEED_5X5), kernel, ConvSettings.DEFAULT).output();
        assertEquals(6, out.get(0, 0, 0), "the seed's first cell");
        assertEquals(3, out.height());
        assertEquals(3, out.width());
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(expected[r], out.channel(0)[r], "row " + r + ": integers, exact in float32");
        }
        // the transposed kernel (a horizontal edge) gives other numbers: the layout is not symmetric by accident
        double[][] transposed = Convolution.run(Volume.of(SEED_5X5), Volume.of(new double[][] {{1, 1, 1}, {0, 0, 0},
                {-1, -1, -1}}), ConvSettings.DEFAULT).output();
        assertNotEquals(transposed[0][0], out.get(0, 0, 0));
    }

    @Test
    void multiChannelConvolutionMatchesTheCoreForEveryPadding() {
        Random rnd = new Random(11);
        // 6x7 input, 3x2 kernel, strides (2, 2): same padding totals are odd on both axes (1 and 1), so the
        // extra zero must go below and to the right, as in TensorFlow.
        Padding[] paddings = {Padding.SAME, Padding.VALID, Padding.of(1)};
        Size2[] strides = {new Size2(2, 2), new Size2(1, 2), new Size2(2, 1)};
        for (int k = 0; k < paddings.length; k++) {
            Padding padding = paddings[k];
            Size2 stride = strides[k];
            ModelSpec m = new ModelSpec("conv", "", new InputSpec(6, 7, 3), List.of(
                    new LayerSpec.Conv2D(null, 2, new Size2(3, 2), stride, padding, Activation.LINEAR, true)));
            CompiledModel c = engine.compile(m, 5);
            Volume[] filters = {random(3, 2, 3, rnd), random(3, 2, 3, rnd)};
            double[] bias = {rnd.nextGaussian(), rnd.nextGaussian()};
            engine.setConv2DWeights(c, 1, filters, bias);
            double[] readBack = c.biases(1);
            assertEquals(2, readBack.length);
            assertEquals((float) bias[1], readBack[1], 0.0, "biases read back as set (float32)");
            Volume input = random(6, 7, 3, rnd);
            Volume out = engine.forward(c, input).layer(1).output();
            for (int f = 0; f < 2; f++) {
                double[][] expected = Convolution.run(input, filters[f],
                        ConvSettings.DEFAULT.withStrides(stride).withPadding(padding).withBias(bias[f])).output();
                assertClose(expected, out.channel(f), padding.keras() + ", filter " + f);
            }
        }
    }

    @Test
    void poolingMatchesTheCore() {
        Random rnd = new Random(12);
        // negative values: with explicit padding Keras pads with zeros that count, also for max pooling
        Volume input = random(5, 6, 2, rnd);
        double[] shifted = input.values().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] -= 3;
        }
        Volume negative = new Volume(5, 6, 2, shifted);
        for (LayerSpec.PoolKind kind : LayerSpec.PoolKind.values()) {
            for (Padding padding : new Padding[] {Padding.VALID, Padding.SAME, Padding.of(1)}) {
                Size2 pool = new Size2(2, 3);
                Size2 stride = new Size2(2, 2);
                ModelSpec m = new ModelSpec("pool", "", new InputSpec(5, 6, 2), List.of(
                        new LayerSpec.Pooling2D(null, kind, pool, stride, padding)));
                CompiledModel c = engine.compile(m, 1);
                assertEquals(0, c.parameterCount());
                for (Volume in : new Volume[] {input, negative}) {
                    Volume out = engine.forward(c, in).layer(1).output();
                    PoolSettings settings = new PoolSettings(pool, stride, padding,
                            kind == LayerSpec.PoolKind.MAX ? PoolSettings.Mode.MAX : PoolSettings.Mode.AVERAGE, 1);
                    for (int ch = 0; ch < 2; ch++) {
                        assertClose(Pooling.run(in.channel(ch), settings).output(), out.channel(ch),
                                kind + " " + padding.keras() + ", channel " + ch);
                    }
                }
            }
        }
    }

    @Test
    void flattenIsChannelsLastAndDenseMatchesAHandComputation() {
        ModelSpec m = new ModelSpec("dense", "", new InputSpec(2, 3, 2), List.of(
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 4, Activation.RELU, true),
                new LayerSpec.Dense(null, 3, Activation.SOFTMAX, true)));
        CompiledModel c = engine.compile(m, 9);
        Random rnd = new Random(13);
        double[][] w1 = matrix(12, 4, rnd);
        double[] b1 = {0.1, -0.2, 0.3, 0.05};
        double[][] w2 = matrix(4, 3, rnd);
        double[] b2 = {0.0, 0.5, -0.5};
        engine.setDenseWeights(c, 2, w1, b1);
        engine.setDenseWeights(c, 3, w2, b2);
        Volume input = random(2, 3, 2, rnd);
        Activations acts = engine.forward(c, input);

        LayerActivation flat = acts.layer(1);
        assertTrue(flat.flat());
        // Keras flattens (H, W, C) row by row with the channels innermost: the volume's own order
        assertArrayEquals(input.values(), flat.output().values(), 1e-6, "float32 copies of the input");
        assertEquals(input.get(0, 1, 0), flat.output().values()[2], 1e-6);

        double[] h = new double[4];
        for (int u = 0; u < 4; u++) {
            double s = b1[u];
            for (int r = 0; r < 2; r++) {
                for (int col = 0; col < 3; col++) {
                    for (int ch = 0; ch < 2; ch++) {
                        s += input.get(r, col, ch) * w1[(r * 3 + col) * 2 + ch][u];
                    }
                }
            }
            h[u] = Math.max(0, s);
        }
        assertArrayEquals(h, acts.layer(2).output().values(), TOL);
        double[] z = new double[3];
        double total = 0;
        for (int u = 0; u < 3; u++) {
            double s = b2[u];
            for (int i = 0; i < 4; i++) {
                s += h[i] * w2[i][u];
            }
            z[u] = Math.exp(s);
            total += z[u];
        }
        for (int u = 0; u < 3; u++) {
            z[u] /= total;
        }
        assertArrayEquals(z, acts.layer(3).output().values(), TOL);
    }

    @Test
    void activationBatchNormAndDropoutLayersFollowKeras() {
        double eps = 0.001;
        ModelSpec m = new ModelSpec("acts", "", new InputSpec(4, 5, 3), List.of(
                new LayerSpec.Conv2D(null, 3, Size2.square(1), Size2.square(1), Padding.VALID, Activation.LINEAR, true),
                new LayerSpec.ActivationLayer(null, Activation.LEAKY_RELU),
                new LayerSpec.BatchNormalization(null, 0.99, eps),
                new LayerSpec.Dropout(null, 0.5),
                new LayerSpec.ActivationLayer(null, Activation.SOFTMAX)));
        CompiledModel c = engine.compile(m, 4);
        Random rnd = new Random(14);
        engine.setConv2DWeights(c, 1, new Volume[] {random(1, 1, 3, rnd), random(1, 1, 3, rnd), random(1, 1, 3, rnd)},
                new double[] {0.2, -0.1, 0});
        Activations acts = engine.forward(c, random(4, 5, 3, rnd));
        double[] x = acts.layer(1).output().values();
        double[] leaky = acts.layer(2).output().values();
        boolean sawNegative = false;
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] > 0 ? x[i] : 0.2 * x[i], leaky[i], TOL, "leaky_relu slope 0.2");
            sawNegative |= x[i] < -0.1;
        }
        assertTrue(sawNegative, "the test input reaches the negative branch");
        // fresh batch norm: moving mean 0, variance 1, gamma 1, beta 0, so y = x / sqrt(1 + epsilon)
        double[] bn = acts.layer(3).output().values();
        for (int i = 0; i < x.length; i++) {
            assertEquals(leaky[i] / Math.sqrt(1 + eps), bn[i], 1e-6);
        }
        assertArrayEquals(bn, acts.layer(4).output().values(), "dropout is off in inference");
        Volume soft = acts.layer(5).output();
        Volume before = acts.layer(4).output();
        for (int r = 0; r < 4; r++) {
            for (int col = 0; col < 5; col++) {
                double total = 0;
                for (int ch = 0; ch < 3; ch++) {
                    total += Math.exp(before.get(r, col, ch));
                }
                for (int ch = 0; ch < 3; ch++) {
                    assertEquals(Math.exp(before.get(r, col, ch)) / total, soft.get(r, col, ch), TOL,
                            "softmax over the channels at " + r + "," + col);
                }
            }
        }
    }

    @Test
    void dropoutRateBecomesDl4jsRetainProbability() {
        // invisible in inference, so checked on the configuration: Keras drops 25%, DL4J keeps 75%
        ModelSpec m = new ModelSpec("drop", "", new InputSpec(2, 2, 1), List.of(new LayerSpec.Flatten(null),
                new LayerSpec.Dropout(null, 0.25), new LayerSpec.Dense(null, 2, Activation.SOFTMAX, true)));
        Dl4jModel c = (Dl4jModel) engine.compile(m, 1);
        org.deeplearning4j.nn.conf.layers.Layer layer = c.network().getLayer(0).conf().getLayer();
        assertTrue(layer instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer, layer.toString());
        assertEquals(0.75, ((org.deeplearning4j.nn.conf.dropout.Dropout) layer.getIDropout()).getP(), 1e-12);
        assertTrue(c.network().getLayer(1).conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.OutputLayer,
                "a last softmax Dense is DL4J's OutputLayer, ready for training");
    }

    // ---- (c) filters read back in the core's layout ------------------------------------------------------

    @Test
    void filtersReproduceTheLayerOutputInTheCoreConvolution() {
        Size2 stride = new Size2(1, 2);
        ModelSpec m = new ModelSpec("filters", "", new InputSpec(7, 6, 3), List.of(
                new LayerSpec.Conv2D(null, 4, new Size2(3, 2), stride, Padding.SAME, Activation.LINEAR, false),
                new LayerSpec.Flatten(null)));
        CompiledModel c = engine.compile(m, 21);
        Volume[] filters = c.filters(1);
        assertEquals(4, filters.length);
        double largest = 0;
        for (Volume f : filters) {
            assertEquals(3, f.height());
            assertEquals(2, f.width());
            assertEquals(3, f.channels());
            for (double v : f.values()) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        assertTrue(largest > 0.05, "random initial weights, not zeros");
        Volume input = random(7, 6, 3, new Random(15));
        Volume out = engine.forward(c, input).layer(1).output();
        for (int f = 0; f < 4; f++) {
            double[][] expected = Convolution.run(input, filters[f],
                    ConvSettings.DEFAULT.withStrides(stride).withPadding(Padding.SAME)).output();
            assertClose(expected, out.channel(f), "filter " + f);
        }
        assertThrows(IllegalArgumentException.class, () -> c.filters(2), "Flatten has no filters");
        assertThrows(IllegalArgumentException.class, () -> c.filters(3), "no layer 3");
    }

    // ---- (d) seeds ----------------------------------------------------------------------------------------

    @Test
    void sameSeedSameActivationsOtherSeedOthers() {
        ModelSpec m = Presets.find("lenet5").orElseThrow();
        Volume input = image(m.input(), 7);
        Activations a = engine.forward(engine.compile(m, 42), input);
        Activations b = engine.forward(engine.compile(m, 42), input);
        Activations other = engine.forward(engine.compile(m, 43), input);
        for (int i = 1; i <= a.size(); i++) {
            assertEquals(a.layer(i).output(), b.layer(i).output(), "layer " + i);
        }
        assertNotEquals(a.layer(1).output(), other.layer(1).output());
        assertNotEquals(a.layer(a.size()).output(), other.layer(other.size()).output());
    }

    // ---- (e) invalid models and inputs ---------------------------------------------------------------------

    @Test
    void invalidModelIsRejectedWithTheAnalyzersText() {
        ModelSpec m = new ModelSpec("bad", "", new InputSpec(8, 8, 1), List.of(
                new LayerSpec.Conv2D(null, 2, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, true),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true)));
        String problem = ModelAnalyzer.analyze(m).problem().orElseThrow().message();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.compile(m, 1));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().contains("Flatten"), "the fix is in the message: " + e.getMessage());
    }

    @Test
    void wrongImageShapeIsRejected() {
        ModelSpec m = new ModelSpec("edge", "", new InputSpec(5, 5, 1), List.of(new LayerSpec.Flatten(null)));
        CompiledModel c = engine.compile(m, 1);
        assertEquals(0, c.parameterCount());
        assertArrayEquals(Volume.of(SEED_5X5).values(), engine.forward(c, Volume.of(SEED_5X5)).layer(1).output().values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.forward(c, Volume.zeros(5, 5, 3)));
        assertTrue(e.getMessage().contains("5x5x1"), e.getMessage());
    }

    // ---- DL4J pieces of our own, for training later --------------------------------------------------------

    @Test
    void flattenPreProcessorBackpropInvertsItsForwardPass() {
        HwcFlattenPreProcessor p = new HwcFlattenPreProcessor(2, 3, 4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 2, 3);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        INDArray flat = p.preProcess(x, 2, ws);
        assertArrayEquals(new long[] {2, 24}, flat.shape());
        // example 1, row 1, column 2, channel 3 sits at (1 * 3 + 2) * 4 + 3
        assertEquals(x.getFloat(1, 3, 1, 2), flat.getFloat(1, (1 * 3 + 2) * 4 + 3));
        assertEquals(x, p.backprop(flat, 2, ws));
        assertEquals(p, p.clone());
    }

    @Test
    void channelSoftmaxBackpropIsTheSoftmaxJacobian() {
        ActivationChannelSoftmax s = new ActivationChannelSoftmax();
        INDArray z = Nd4j.rand(DataType.DOUBLE, 1, 3, 2, 2);
        INDArray e = Nd4j.rand(DataType.DOUBLE, 1, 3, 2, 2);
        INDArray y = s.getActivation(z.dup(), false);
        INDArray grad = s.backprop(z.dup(), e.dup()).getFirst();
        for (int r = 0; r < 2; r++) {
            for (int col = 0; col < 2; col++) {
                double dot = 0;
                for (int ch = 0; ch < 3; ch++) {
                    dot += e.getDouble(0, ch, r, col) * y.getDouble(0, ch, r, col);
                }
                for (int ch = 0; ch < 3; ch++) {
                    double expected = y.getDouble(0, ch, r, col) * (e.getDouble(0, ch, r, col) - dot);
                    assertEquals(expected, grad.getDouble(0, ch, r, col), 1e-9);
                }
            }
        }
        assertFalse(grad.equals(e));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A deterministic smooth image in 0..1. */
    private static Volume image(InputSpec in, int salt) {
        double[] v = new double[in.height() * in.width() * in.channels()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5 + 0.5 * Math.sin(0.37 * i + salt);
        }
        return new Volume(in.height(), in.width(), in.channels(), v);
    }

    private static Volume random(int h, int w, int c, Random rnd) {
        double[] v = new double[h * w * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        return new Volume(h, w, c, v);
    }

    private static double[][] matrix(int rows, int cols, Random rnd) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian() * 0.5;
            }
        }
        return m;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static void assertClose(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        for (int r = 0; r < expected.length; r++) {
            assertArrayEquals(expected[r], actual[r], TOL, what + ", row " + r);
        }
    }

    @Test
    void biasesOfDenseAndBiaslessLayers() {
        ModelSpec m = new ModelSpec("b", "", new InputSpec(4, 4, 1), List.of(
                new LayerSpec.Conv2D(null, 3, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, false),
                new LayerSpec.Flatten(null), new LayerSpec.Dense(null, 5, Activation.LINEAR, true)));
        CompiledModel c = engine.compile(m, 1);
        assertEquals(0, c.biases(1).length, "use_bias = false");
        assertEquals(5, c.biases(3).length);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> c.biases(2));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> c.biases(9));
    }
}
