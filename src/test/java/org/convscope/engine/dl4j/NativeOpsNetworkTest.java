package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.engine.Activations;
import org.convscope.io.Presets;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native-ops path against DL4J's own layers, the reference: per-layer outputs, gradients and batch-norm
 * moving statistics agree for every layer type, padding mode and activation.
 */
class NativeOpsNetworkTest {

    private final Dl4jEngine layers = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS);
    private final Dl4jEngine nativeOps = new Dl4jEngine(Dl4jEngine.Kernels.NATIVE_OPS);

    /** Every layer type, every padding mode, most activations, stride 1 and 2, spatial and flat batch norm. */
    private static ModelSpec mixedA() {
        return new ModelSpec("mixed-a", "", new InputSpec(9, 9, 3), List.of(
                new LayerSpec.Conv2D(null, 4, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(2), Padding.SAME),
                new LayerSpec.Conv2D(null, 5, Size2.square(2), Size2.square(2), Padding.VALID, Activation.TANH, true),
                new LayerSpec.BatchNormalization(null, 0.9, 1e-3),
                new LayerSpec.ActivationLayer(null, Activation.LEAKY_RELU),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(2), Size2.square(1), Padding.VALID),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 6, Activation.SIGMOID, true),
                new LayerSpec.Dense(null, 3, Activation.SOFTMAX, true)));
    }

    /** Explicit padding for convolution and both poolings, same-padded average pooling, no bias, flat batch norm, logits. */
    private static ModelSpec mixedB() {
        return new ModelSpec("mixed-b", "", new InputSpec(8, 7, 2), List.of(
                new LayerSpec.Conv2D(null, 3, Size2.square(3), Size2.square(2), Padding.of(1), Activation.LINEAR, false),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(3), Size2.square(2), Padding.SAME),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(1), Padding.of(1)),
                new LayerSpec.Conv2D(null, 4, Size2.square(2), Size2.square(1), Padding.of(1), Activation.RELU, true),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(2), Size2.square(2), Padding.of(1)),
                new LayerSpec.Flatten(null),
                new LayerSpec.BatchNormalization(null, 0.99, 1e-3),
                new LayerSpec.Dense(null, 4, Activation.RELU, true),
                new LayerSpec.Dense(null, 3, Activation.LINEAR, true)));
    }

    /**
     * A first convolution with uneven same padding (9 rows, kernel 2, stride 2: 5 outputs, no row above, one below),
     * whose weight gradient the training pass computes without an input gradient.
     */
    private static ModelSpec unevenSame() {
        return new ModelSpec("uneven-same", "", new InputSpec(9, 7, 2), List.of(
                new LayerSpec.Conv2D(null, 3, Size2.square(2), Size2.square(2), Padding.SAME, Activation.RELU, true),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 3, Activation.SOFTMAX, true)));
    }

    /**
     * Max pooling that keeps its argmax in training: ReLU fused into a same-padded 2x2 pooling that needs no padding
     * (16x16 to 8x8), with an activation layer after it that overwrites its input in its backward pass; then a 3x3
     * pooling with stride 3 after a tanh convolution, which leaves the last row and column (7x7 to 2x2) in no window.
     */
    private static ModelSpec argmaxPooling() {
        return new ModelSpec("argmax-pooling", "", new InputSpec(16, 16, 2), List.of(
                new LayerSpec.Conv2D(null, 3, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(2), Padding.SAME),
                new LayerSpec.ActivationLayer(null, Activation.SIGMOID),
                new LayerSpec.Conv2D(null, 4, Size2.square(2), Size2.square(1), Padding.SAME, Activation.TANH, true),
                new LayerSpec.Conv2D(null, 4, Size2.square(2), Size2.square(1), Padding.VALID, Activation.TANH, true),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(3), Size2.square(3), Padding.VALID),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 3, Activation.SOFTMAX, true)));
    }

    /**
     * Convolutions after the first whose input gradient {@link ConvGradients} computes as a flipped-kernel conv:
     * same padding with odd kernels (3x3, and 5x3 with no bias), explicit padding, and a stride of 2, where it
     * does not apply.
     */
    private static ModelSpec splitGradients() {
        return new ModelSpec("split-gradients", "", new InputSpec(11, 10, 2), List.of(
                new LayerSpec.Conv2D(null, 4, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, true),
                new LayerSpec.Conv2D(null, 3, Size2.square(3), Size2.square(1), Padding.SAME, Activation.TANH, true),
                new LayerSpec.Conv2D(null, 3, new Size2(5, 3), Size2.square(1), Padding.SAME, Activation.LINEAR, false),
                new LayerSpec.Conv2D(null, 2, Size2.square(3), Size2.square(1), Padding.of(1), Activation.RELU, true),
                new LayerSpec.Conv2D(null, 2, Size2.square(3), Size2.square(2), Padding.VALID, Activation.RELU, true),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 3, Activation.SOFTMAX, true)));
    }

    /**
     * A ReLU convolution followed by an activation layer, which computes its gradient into its input: the
     * convolution's output must not be the array its own backward pass reads ReLU's gradient from.
     */
    private static ModelSpec reluThenActivation() {
        return new ModelSpec("relu-then-activation", "", new InputSpec(8, 8, 2), List.of(
                new LayerSpec.Conv2D(null, 3, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true),
                new LayerSpec.ActivationLayer(null, Activation.SIGMOID),
                new LayerSpec.Conv2D(null, 2, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, true),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 3, Activation.SOFTMAX, true)));
    }

    private static List<ModelSpec> models() {
        return List.of(mixedA(), mixedB(), unevenSame(), argmaxPooling(), splitGradients(), reluThenActivation(), Presets.find("tf-cifar-cnn").orElseThrow(),
                Presets.find("lenet5").orElseThrow(), Presets.find("seed003-small").orElseThrow());
    }

    /** Replaces every parameter with a uniform value in [-0.5, 0.5), so that batch-norm statistics matter. */
    private static void randomise(Dl4jModel m, long seed) {
        INDArray p = m.network().params();
        Nd4j.getRandom().setSeed(seed);
        p.assign(Nd4j.rand(DataType.FLOAT, p.shape()).subi(0.5));
    }

    private static Volume image(InputSpec in, Random rnd) {
        double[] v = new double[in.height() * in.width() * in.channels()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble();
        }
        return new Volume(in.height(), in.width(), in.channels(), v);
    }

    @Test
    void everyLayersOutputEqualsDl4jsLayers() {
        Random rnd = new Random(5);
        for (ModelSpec spec : models()) {
            Dl4jModel m = (Dl4jModel) layers.compile(spec, 11);
            randomise(m, 3);
            Volume x = image(spec.input(), rnd);
            Activations expected = layers.forward(m, x);
            Activations actual = nativeOps.forward(m, x);
            assertEquals("native ops" + (Dl4jRuntime.oneDnn() ? " (oneDNN)" : " (no oneDNN)"), nativeOps.kernelsFor(m));
            for (int i = 0; i < spec.layers().size(); i++) {
                double[] e = expected.layers().get(i).output().values();
                double[] a = actual.layers().get(i).output().values();
                assertEquals(expected.layers().get(i).shape(), actual.layers().get(i).shape());
                assertEquals(expected.layers().get(i).flat(), actual.layers().get(i).flat());
                for (int k = 0; k < e.length; k++) {
                    assertEquals(e[k], a[k], 1e-4 * Math.max(1, Math.abs(e[k])),
                            spec.name() + " layer " + (i + 1) + " (" + spec.layers().get(i).type() + ") value " + k);
                }
            }
        }
    }

    /**
     * Every gradient each way a Conv2D layer can compute it: conv2d_bp, GEMMs and a flipped-kernel conv, and the
     * default (oneDNN's direct kernels where they load, as here).
     */
    @Test
    void gradientsAndLossEqualDl4jsBackpropagation() {
        for (Boolean split : new Boolean[] {false, true, null}) {
            gradientsAndLossEqualDl4js(split);
        }
    }

    private void gradientsAndLossEqualDl4js(Boolean splitConvGradients) {
        Random rnd = new Random(6);
        for (ModelSpec spec : models()) {
            Dl4jModel m = (Dl4jModel) layers.compile(spec, 12);
            randomise(m, 4);
            m.nativeOps().forceSplitConvGradients(splitConvGradients);
            // several passes with other batches and another batch size: reused buffers must not leak values; the
            // last after the buffers were released (as after training), so they are allocated again
            int[] sizes = {5, 3, 5, 4};
            for (int i = 0; i < sizes.length; i++) {
                if (i == sizes.length - 1) {
                    m.releaseBuffers();
                }
                checkGradient(m, spec, randomImages(spec.input(), sizes[i], classes(spec), rnd));
            }
        }
    }

    private static void checkGradient(Dl4jModel m, ModelSpec spec, LabelledImages batch) {
        int n = batch.size();
        int[] idx = new int[n];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            idx[k] = k;
            y[k] = batch.label(k);
        }
        MultiLayerNetwork reference = LayersTrainingBackend.trainingNetwork(m.network(), TrainConfig.defaults());
        reference.setInput(Nd4jArrays.features(batch, idx));
        reference.setLabels(oneHot(y, classes(spec)));
        reference.computeGradientAndScore();
        // DL4J's gradients are sums over the batch; its updater divides them by the batch size before the
        // optimiser step. The native path's gradient is already the batch mean.
        float[] expected = Nd4jArrays.floats(reference.getFlattenedGradients().div(n));

        NativeOpsNetwork fast = m.nativeOps();
        double loss = fast.computeGradient(Nd4jArrays.featuresNhwc(batch, idx), y, new float[n][classes(spec)]);
        float[] actual = Nd4jArrays.floats(fast.gradient());

        assertEquals(reference.score(), loss, 1e-4, spec.name() + " loss");
        boolean[] movingStats = movingStatistics(m.network());
        double diff = 0;
        double norm = 0;
        int compared = 0;
        for (int k = 0; k < expected.length; k++) {
            if (movingStats[k]) {
                continue; // DL4J keeps the moving-average step there; the native path updates them directly
            }
            assertEquals(expected[k], actual[k], 1e-4 * Math.max(1, Math.abs(expected[k])),
                    spec.name() + " batch of " + n + ", gradient " + k);
            diff += (expected[k] - actual[k]) * (double) (expected[k] - actual[k]);
            norm += expected[k] * (double) expected[k];
            compared++;
        }
        assertTrue(norm > 0, spec.name() + ": the gradient is not all zero");
        assertTrue(Math.sqrt(diff / norm) < 1e-3, spec.name() + " relative gradient error " + Math.sqrt(diff / norm));
        assertTrue(compared > expected.length / 2);
    }

    @Test
    void batchNormMovingStatisticsMoveAsInDl4j() {
        ModelSpec spec = mixedA();
        Random rnd = new Random(8);
        LabelledImages batch = randomImages(spec.input(), 6, 3, rnd);
        int[] idx = {0, 1, 2, 3, 4, 5};
        int[] y = new int[6];
        for (int k = 0; k < 6; k++) {
            y[k] = batch.label(k);
        }
        Dl4jModel a = (Dl4jModel) layers.compile(spec, 13);
        randomise(a, 9);
        Dl4jModel b = (Dl4jModel) layers.compile(spec, 13);
        b.network().params().assign(a.network().params());

        MultiLayerNetwork reference = LayersTrainingBackend.trainingNetwork(a.network(), TrainConfig.defaults());
        reference.fit(new DataSet(Nd4jArrays.features(batch, idx), oneHot(y, 3)));
        b.nativeOps().computeGradient(Nd4jArrays.featuresNhwc(batch, idx), y, new float[6][3]);

        Layer bnRef = reference.getLayer(3);
        Layer bnFast = b.network().getLayer(3);
        for (String key : new String[] {"mean", "log10stdev"}) {
            float[] e = Nd4jArrays.floats(bnRef.getParam(key));
            float[] f = Nd4jArrays.floats(bnFast.getParam(key));
            float[] before = Nd4jArrays.floats(a.network().getLayer(3).getParam(key));
            boolean moved = false;
            for (int k = 0; k < e.length; k++) {
                assertEquals(e[k], f[k], 1e-5, key + " " + k);
                moved |= Math.abs(e[k] - before[k]) > 1e-3;
            }
            assertTrue(moved, key + " moved");
        }
    }

    @Test
    void dropoutKeepsOrZeroesAndRescalesInTraining() {
        ModelSpec spec = new ModelSpec("drop", "", new InputSpec(10, 10, 4), List.of(
                new LayerSpec.Dropout(null, 0.25)));
        Dl4jModel m = (Dl4jModel) layers.compile(spec, 1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 10, 10, 4).addi(0.5);
        Nd4j.getRandom().setSeed(42);
        float[] in = Nd4jArrays.floats(x);
        float[] out = Nd4jArrays.floats(m.nativeOps().forwardAll(x, true).get(0));
        int zeros = 0;
        for (int k = 0; k < in.length; k++) {
            if (out[k] == 0f) {
                zeros++;
            } else {
                assertEquals(in[k] / 0.75, out[k], 1e-5, "kept values are scaled by 1 / (1 - rate)");
            }
        }
        // 800 values, rate 0.25: 200 expected, standard deviation about 12
        assertTrue(zeros > 150 && zeros < 250, zeros + " of " + in.length + " dropped");
        assertEquals(0, countZeros(Nd4jArrays.floats(m.nativeOps().forwardAll(x, false).get(0))), "off in inference");
    }

    private static int countZeros(float[] v) {
        int z = 0;
        for (float f : v) {
            if (f == 0f) {
                z++;
            }
        }
        return z;
    }

    private static int classes(ModelSpec spec) {
        return ((LayerSpec.Dense) spec.layers().get(spec.layers().size() - 1)).units();
    }

    /** Marks the flat-parameter positions of batch-norm moving means and log10(std)s. */
    private static boolean[] movingStatistics(MultiLayerNetwork net) {
        boolean[] mark = new boolean[(int) net.numParams()];
        for (int i = 0; i < net.getnLayers(); i++) {
            for (String key : new String[] {"mean", "log10stdev"}) {
                INDArray p = net.getLayer(i).paramTable().get(key);
                if (p != null) {
                    for (long k = p.offset(); k < p.offset() + p.length(); k++) {
                        mark[(int) k] = true;
                    }
                }
            }
        }
        return mark;
    }

    private static INDArray oneHot(int[] y, int classes) {
        INDArray a = Nd4j.create(DataType.FLOAT, y.length, classes);
        for (int k = 0; k < y.length; k++) {
            a.putScalar(k, y[k], 1.0);
        }
        return a;
    }

    private static LabelledImages randomImages(InputSpec in, int n, int classes, Random rnd) {
        int size = in.height() * in.width() * in.channels();
        float[][] data = new float[n][size];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < size; i++) {
                data[k][i] = rnd.nextFloat();
            }
            labels[k] = k % classes;
        }
        return new LabelledImages() {
            @Override public int size() { return n; }
            @Override public int height() { return in.height(); }
            @Override public int width() { return in.width(); }
            @Override public int channels() { return in.channels(); }
            @Override public int classCount() { return classes; }
            @Override public int label(int i) { return labels[i]; }
            @Override public void copyImage(int i, float[] dst, int offset) {
                System.arraycopy(data[i], 0, dst, offset, size);
            }
        };
    }
}
