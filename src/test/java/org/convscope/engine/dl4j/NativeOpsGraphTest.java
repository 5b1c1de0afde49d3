package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native-ops path for graph models ({@link NativeOpsGraph}) against DL4J's {@link ComputationGraph}, the
 * reference, with the same weights and batch, as {@link NativeOpsNetworkTest} checks chains: every layer's output,
 * the loss, every parameter's gradient and the batch-norm moving statistics after a step, on the ResNet-20 and
 * MobileNet-style presets and on small graphs with every graph layer the path has.
 */
class NativeOpsGraphTest {

    private final Dl4jEngine layers = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS);

    /** ResNet-20's structure sized down: stem, an identity block, a downsampling block with a 1x1 shortcut, head. */
    static final String SMALL_RESNET = """
            {"format": "convscope-model", "version": 2, "name": "small-resnet",
             "input": {"height": 8, "width": 8, "channels": 3}, "layers": [
              {"type": "Conv2D", "name": "c0", "filters": 4, "kernel_size": [3, 3], "padding": "same", "activation": "linear"},
              {"type": "BatchNormalization", "name": "bn0", "momentum": 0.9, "epsilon": 0.001},
              {"type": "Activation", "name": "r0", "activation": "relu"},
              {"type": "Conv2D", "name": "b_c1", "filters": 4, "kernel_size": [3, 3], "padding": "same", "activation": "linear"},
              {"type": "BatchNormalization", "name": "b_bn1", "momentum": 0.9, "epsilon": 0.001},
              {"type": "Activation", "name": "b_r1", "activation": "relu"},
              {"type": "Conv2D", "name": "b_c2", "filters": 4, "kernel_size": [3, 3], "padding": "same", "activation": "linear"},
              {"type": "BatchNormalization", "name": "b_bn2", "momentum": 0.9, "epsilon": 0.001},
              {"type": "Add", "name": "b_add", "inputs": ["b_bn2", "r0"]},
              {"type": "Activation", "name": "b_out", "activation": "relu"},
              {"type": "Conv2D", "name": "s_c1", "filters": 6, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same", "activation": "linear"},
              {"type": "BatchNormalization", "name": "s_bn1", "momentum": 0.9, "epsilon": 0.001},
              {"type": "Activation", "name": "s_r1", "activation": "relu"},
              {"type": "Conv2D", "name": "s_c2", "filters": 6, "kernel_size": [3, 3], "padding": "same", "activation": "linear"},
              {"type": "Conv2D", "name": "s_short", "filters": 6, "kernel_size": [1, 1], "strides": [2, 2], "padding": "same", "activation": "linear", "inputs": ["b_out"]},
              {"type": "Add", "name": "s_add", "inputs": ["s_c2", "s_short"]},
              {"type": "Activation", "name": "s_out", "activation": "relu"},
              {"type": "AveragePooling2D", "name": "pool", "pool_size": [4, 4]},
              {"type": "Flatten", "name": "flatten"},
              {"type": "Dense", "name": "dense", "units": 3, "activation": "softmax"}]}
            """;

    /**
     * Every other graph layer: uneven zero padding, depthwise convolution with depth multiplier 2 and bias, ReLU with a
     * ceiling and a negative slope that both matter, a strided separable convolution, channel concatenation of
     * image tensors, global max and average pooling of one tensor, an Add and a Concatenate of flat tensors, a ReLU
     * output that feeds two layers, and logits.
     */
    static final String MIXED_GRAPH = """
            {"format": "convscope-model", "version": 2, "name": "mixed-graph",
             "input": {"height": 9, "width": 9, "channels": 3}, "layers": [
              {"type": "ZeroPadding2D", "name": "zp", "padding": [[1, 0], [2, 1]]},
              {"type": "Conv2D", "name": "conv", "filters": 4, "kernel_size": [3, 3], "padding": "valid", "activation": "relu"},
              {"type": "DepthwiseConv2D", "name": "dw", "kernel_size": [3, 3], "padding": "same", "depth_multiplier": 2, "activation": "tanh", "use_bias": true},
              {"type": "ReLU", "name": "relu6", "max_value": 0.5, "negative_slope": 0.1},
              {"type": "SeparableConv2D", "name": "sep", "filters": 5, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same", "activation": "relu", "use_bias": true, "inputs": ["conv"]},
              {"type": "DepthwiseConv2D", "name": "dw2", "kernel_size": [2, 2], "strides": [2, 2], "padding": "same", "use_bias": false, "inputs": ["relu6"]},
              {"type": "Concatenate", "name": "cat", "inputs": ["sep", "dw2"]},
              {"type": "BatchNormalization", "name": "bn", "momentum": 0.9, "epsilon": 0.001},
              {"type": "GlobalMaxPooling2D", "name": "gmax"},
              {"type": "GlobalAveragePooling2D", "name": "gavg", "inputs": ["bn"]},
              {"type": "Add", "name": "add", "inputs": ["gmax", "gavg"]},
              {"type": "Concatenate", "name": "cat2", "inputs": ["add", "gavg"]},
              {"type": "Dense", "name": "logits", "units": 3, "activation": "linear"}]}
            """;

    private static ModelSpec parse(String json) {
        try {
            return ModelJson.parse(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The MobileNet-style preset without its dropout, whose random masks cannot match DL4J's. */
    private static ModelSpec mobilenetWithoutDropout() {
        ModelSpec m = Presets.find("mobilenet-mini").orElseThrow();
        List<LayerSpec> kept = new ArrayList<>(m.layers());
        kept.removeIf(s -> s instanceof LayerSpec.Dropout);
        return new ModelSpec(m.name(), m.description(), m.input(), kept, m.inputs());
    }

    private static List<ModelSpec> models() {
        return List.of(parse(SMALL_RESNET), parse(MIXED_GRAPH), Presets.find("resnet20").orElseThrow(),
                mobilenetWithoutDropout());
    }

    private Dl4jModel compile(ModelSpec spec, long seed) {
        Dl4jModel m = (Dl4jModel) layers.compile(spec, 12);
        assertTrue(m.isGraph(), spec.name());
        INDArray p = m.graph().params();
        Nd4j.getRandom().setSeed(seed);
        p.assign(Nd4j.rand(DataType.FLOAT, p.shape()).subi(0.5)); // batch-norm statistics and ceilings matter
        for (Layer l : m.graph().getLayers()) {
            INDArray logStd = l.paramTable().get("log10stdev");
            if (logStd != null) {
                // moving std from 1 to 2: 19 inference-mode batch norms of ResNet-20 with std down to 0.32 would
                // amplify float rounding 10-100 fold
                logStd.assign(Nd4j.rand(DataType.FLOAT, logStd.shape()).muli(0.3));
            }
        }
        return m;
    }

    @Test
    void everyLayersOutputEqualsComputationGraphs() {
        Random rnd = new Random(5);
        for (ModelSpec spec : models()) {
            Dl4jModel m = compile(spec, 3);
            LabelledImages batch = randomImages(spec.input(), 3, classes(spec), rnd);
            int[] idx = {0, 1, 2};
            Map<String, INDArray> expected = Dl4jGraphRunner.run(m.graph(), Nd4jArrays.features(batch, idx), null,
                    null, org.convscope.core.task.CancelToken.NEVER);
            List<INDArray> actual = m.nativeGraph().forwardAll(Nd4jArrays.featuresNhwc(batch, idx), false);
            double worst = 0;
            for (int i = 0; i < actual.size(); i++) {
                INDArray e = expected.get(m.names().get(i));
                INDArray a = actual.get(i);
                INDArray eHwc = e.rank() == 4 ? e.permute(0, 2, 3, 1) : e;
                assertEquals(java.util.Arrays.toString(eHwc.shape()), java.util.Arrays.toString(a.shape()),
                        spec.name() + " " + m.names().get(i));
                float[] ev = Nd4jArrays.floats(eHwc);
                float[] av = Nd4jArrays.floats(a);
                for (int k = 0; k < ev.length; k++) {
                    assertEquals(ev[k], av[k], 1e-4 * Math.max(1, Math.abs(ev[k])),
                            spec.name() + " layer " + m.names().get(i) + " value " + k);
                    worst = Math.max(worst, Math.abs(ev[k] - av[k]));
                }
            }
            System.out.printf("%s: outputs of %d layers, max difference %.3g%n", spec.name(), actual.size(), worst);
        }
    }

    @Test
    void lossAndEveryGradientEqualComputationGraphs() {
        Random rnd = new Random(6);
        for (ModelSpec spec : models()) {
            Dl4jModel m = compile(spec, 4);
            // a second batch of another size: reused arrays must not leak values; the last after releasing them
            int[] sizes = {4, 3};
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
        ComputationGraph reference = GraphTrainingBackend.trainingGraph(m, TrainConfig.defaults());
        reference.setInputs(Nd4jArrays.features(batch, idx));
        reference.setLabels(oneHot(y, classes(spec)));
        reference.computeGradientAndScore();
        // DL4J's gradients are sums over the batch (its updater divides them); the native path's are batch means
        float[] expected = Nd4jArrays.floats(reference.getGradientsViewArray().div(n));

        NativeOpsGraph fast = m.nativeGraph();
        double loss = fast.computeGradient(Nd4jArrays.featuresNhwc(batch, idx), y, new float[n][classes(spec)], 0);
        float[] actual = Nd4jArrays.floats(fast.gradient());

        assertEquals(reference.score(), loss, 1e-4, spec.name() + " loss");
        assertEquals(expected.length, actual.length);
        boolean[] movingStats = movingStatistics(m.graph());
        double diff = 0;
        double norm = 0;
        double worst = 0;
        int compared = 0;
        Map<String, String> wrong = new java.util.LinkedHashMap<>();
        for (int k = 0; k < expected.length; k++) {
            if (movingStats[k]) {
                continue; // DL4J keeps the moving-average step there; the native path updates them directly
            }
            if (Math.abs(expected[k] - actual[k]) > 1e-4 * Math.max(1, Math.abs(expected[k]))) {
                String p = paramName(m.graph(), k);
                wrong.putIfAbsent(p.substring(0, p.indexOf('[')), p + ": " + expected[k] + " expected, " + actual[k]);
            }
            diff += (expected[k] - actual[k]) * (double) (expected[k] - actual[k]);
            norm += expected[k] * (double) expected[k];
            worst = Math.max(worst, Math.abs(expected[k] - actual[k]));
            compared++;
        }
        assertTrue(wrong.isEmpty(), spec.name() + " batch of " + n + ", gradients differ: " + wrong.values());
        assertTrue(norm > 0, spec.name() + ": the gradient is not all zero");
        assertTrue(Math.sqrt(diff / norm) < 1e-3, spec.name() + " relative gradient error " + Math.sqrt(diff / norm));
        assertTrue(compared > expected.length / 2);
        System.out.printf("%s, batch of %d: loss %.6f vs %.6f, %d gradients, max difference %.3g, relative %.3g%n",
                spec.name(), n, loss, reference.score(), compared, worst, Math.sqrt(diff / norm));
    }

    @Test
    void batchNormMovingStatisticsMoveAsInComputationGraph() {
        Random rnd = new Random(8);
        for (ModelSpec spec : List.of(parse(SMALL_RESNET), mobilenetWithoutDropout())) {
            LabelledImages batch = randomImages(spec.input(), 6, classes(spec), rnd);
            int[] idx = {0, 1, 2, 3, 4, 5};
            int[] y = new int[6];
            for (int k = 0; k < 6; k++) {
                y[k] = batch.label(k);
            }
            Dl4jModel a = compile(spec, 9);
            Dl4jModel b = compile(spec, 9);
            ComputationGraph reference = GraphTrainingBackend.trainingGraph(a, TrainConfig.defaults());
            reference.fit(new DataSet(Nd4jArrays.features(batch, idx), oneHot(y, classes(spec))));
            b.nativeGraph().computeGradient(Nd4jArrays.featuresNhwc(batch, idx), y, new float[6][classes(spec)], 0);
            int layersChecked = 0;
            double worst = 0;
            for (Layer bnRef : reference.getLayers()) {
                if (bnRef.paramTable().get("log10stdev") == null) {
                    continue;
                }
                String name = bnRef.conf().getLayer().getLayerName();
                for (String key : new String[] {"mean", "log10stdev"}) {
                    float[] e = Nd4jArrays.floats(bnRef.getParam(key));
                    float[] f = Nd4jArrays.floats(b.graph().getLayer(name).getParam(key));
                    float[] before = Nd4jArrays.floats(a.graph().getLayer(name).getParam(key));
                    boolean moved = false;
                    for (int k = 0; k < e.length; k++) {
                        assertEquals(e[k], f[k], 1e-5, spec.name() + " " + name + " " + key + " " + k);
                        moved |= Math.abs(e[k] - before[k]) > 1e-4;
                        worst = Math.max(worst, Math.abs(e[k] - f[k]));
                    }
                    assertTrue(moved, name + " " + key + " moved");
                }
                layersChecked++;
            }
            assertTrue(layersChecked >= 4, spec.name() + ": " + layersChecked + " batch-norm layers");
            System.out.printf("%s: moving statistics of %d batch-norm layers, max difference %.3g%n", spec.name(),
                    layersChecked, worst);
        }
    }

    /** Graph models train on this path where chains train on {@link NativeOpsNetwork}; the stock kernels keep DL4J's. */
    @Test
    void graphModelsTrainHereWhereChainsTrainOnNativeOps() {
        ModelSpec spec = Presets.find("resnet20").orElseThrow();
        Dl4jEngine nativeOps = new Dl4jEngine(Dl4jEngine.Kernels.NATIVE_OPS);
        Dl4jModel m = (Dl4jModel) nativeOps.compile(spec, 1);
        assertTrue(nativeOps.trainsNativeGraph(m));
        assertTrue(nativeOps.kernelsFor(m).startsWith("native ops graph for training"), nativeOps.kernelsFor(m));
        assertTrue(!layers.trainsNativeGraph(m));
        assertEquals("DL4J layers", layers.kernelsFor(m));
        assertEquals("the model is not run as a graph",
                NativeOpsGraph.unsupported((Dl4jModel) layers.compile(Presets.find("lenet5").orElseThrow(), 1))
                        .orElseThrow());
        ModelSpec mixed = parse(MIXED_GRAPH);
        ModelSpec headless = mixed.withLayers(mixed.layers().subList(0, mixed.layers().size() - 1));
        Dl4jModel noHead = (Dl4jModel) layers.compile(headless, 1);
        assertEquals("the model does not end with a Dense layer (the class scores)",
                NativeOpsGraph.unsupported(noHead).orElseThrow());
        assertTrue(!nativeOps.trainsNativeGraph(noHead), "GraphTrainingBackend says why it cannot train it");
    }

    /** Names the parameter at a flat position, e.g. {@code conv/W[3]}. */
    private static String paramName(ComputationGraph g, int k) {
        for (Layer l : g.getLayers()) {
            for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                long from = e.getValue().offset();
                if (k >= from && k < from + e.getValue().length()) {
                    return l.conf().getLayer().getLayerName() + "/" + e.getKey() + "[" + (k - from) + "]";
                }
            }
        }
        return "?";
    }

    /** Marks the flat-parameter positions of batch-norm moving means and log10(std)s. */
    private static boolean[] movingStatistics(ComputationGraph g) {
        boolean[] mark = new boolean[(int) g.numParams()];
        for (Layer l : g.getLayers()) {
            for (String key : new String[] {"mean", "log10stdev"}) {
                INDArray p = l.paramTable().get(key);
                if (p != null) {
                    for (long k = p.offset(); k < p.offset() + p.length(); k++) {
                        mark[(int) k] = true;
                    }
                }
            }
        }
        return mark;
    }

    private static int classes(ModelSpec spec) {
        return ((LayerSpec.Dense) spec.layers().get(spec.layers().size() - 1)).units();
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
