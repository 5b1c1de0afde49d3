package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.engine.ClassGradient;
import org.convscope.engine.Explanations;
import org.convscope.engine.ImportedModel;
import org.convscope.io.Presets;
import org.convscope.testing.Python;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Class gradients (Grad-CAM) through graph models ({@link GraphClassGradient}): the gradient of the class logit with
 * respect to a layer's output equals central finite differences of that logit (the layer's output moved one element
 * at a time, the rest of the graph run again; float64 copies of the graphs), on ResNet-20 with batch normalisation's
 * moving statistics made non-trivial and on the Keras fixture resnet_mini.h5; and the Grad-CAM map of three Keras
 * graph fixtures (Add, Concatenate, depthwise and separable convolutions, batch normalisation, zero padding, ReLU6,
 * leaky ReLU, global pooling) equals PyTorch autograd's (src/test/resources/keras/gradcam_reference.py) within 1e-4.
 */
class GraphGradCamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double STEP = 1e-4;

    /** The class logit {@code h . W[:, c] + b[c]} of the head, with a vertex's output replaced. */
    private static double logit(ComputationGraph g, INDArray x, int c, String target, INDArray replacement) {
        GraphVertex head = g.getVertex(g.getConfiguration().getNetworkOutputs().get(0));
        String before = g.getVertices()[head.getInputVertices()[0].getVertexIndex()].getVertexName();
        INDArray h = Dl4jGraphRunner.run(g, x, Set.of(before), null, CancelToken.NEVER, Map.of(target, replacement))
                .get(before);
        InputPreProcessor pre = ((LayerVertex) head).getLayerPreProcessor();
        if (pre != null) {
            h = pre.preProcess(h, 1, LayerWorkspaceMgr.noWorkspaces());
        }
        Layer dense = head.getLayer();
        return h.mmul(dense.getParam("W").getColumn(c).reshape(-1, 1)).getDouble(0)
                + (dense.getParam("b") == null ? 0 : dense.getParam("b").getDouble(c));
    }

    /**
     * Returns the largest difference between the gradient and central differences over {@code count} random elements
     * and the element of the largest gradient, relative to the largest gradient.
     */
    private static double worstRelativeError(ComputationGraph g, INDArray x, String target, int c, int count,
            long seed) {
        GraphClassGradient.Result r = GraphClassGradient.compute(g, x, target, c);
        INDArray a = r.activation();
        INDArray grad = r.gradient();
        assertEquals(List.of(a.shape()[0], a.shape()[1], a.shape()[2], a.shape()[3]),
                List.of(grad.shape()[0], grad.shape()[1], grad.shape()[2], grad.shape()[3]));
        double scale = grad.amaxNumber().doubleValue();
        assertTrue(scale > 1e-6, target + ": the class score depends on this layer");
        Random rnd = new Random(seed);
        long[] picks = new long[count + 1];
        for (int k = 0; k < count; k++) {
            picks[k] = rnd.nextInt((int) a.length());
        }
        picks[count] = org.nd4j.linalg.ops.transforms.Transforms.abs(grad.reshape(-1), true).argMax().getLong(0);
        double worst = 0;
        for (long i : picks) {
            INDArray plus = a.dup();
            plus.putScalar(i, a.getDouble(i) + STEP);
            INDArray minus = a.dup();
            minus.putScalar(i, a.getDouble(i) - STEP);
            double fd = (logit(g, x, c, target, plus) - logit(g, x, c, target, minus)) / (2 * STEP);
            worst = Math.max(worst, Math.abs(fd - grad.getDouble(i)) / scale);
        }
        return worst;
    }

    /** Gives every batch normalisation layer gamma 0.5-1.5, beta, moving mean +-0.3 and moving std 0.6-1.6. */
    private static void nonTrivialBatchNorm(ComputationGraph g, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (Layer l : g.getLayers()) {
            if (l instanceof BatchNormalization) {
                INDArray gamma = l.getParam("gamma");
                gamma.assign(Nd4j.rand(gamma.dataType(), gamma.shape()).addi(0.5));
                l.getParam("beta").assign(Nd4j.rand(gamma.dataType(), gamma.shape()).subi(0.5).muli(0.6));
                l.getParam("mean").assign(Nd4j.rand(gamma.dataType(), gamma.shape()).subi(0.5).muli(0.6));
                // log10(std) in [-0.2, 0.2]: std 0.63 to 1.58
                l.getParam("log10stdev").assign(Nd4j.rand(gamma.dataType(), gamma.shape()).subi(0.5).muli(0.4));
            }
        }
    }

    private static INDArray randomImage(int h, int w, int c, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[h * w * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble();
        }
        return Nd4jArrays.toNchw(new Volume(h, w, c, v));
    }

    @Test
    void resnet20GradientsEqualCentralDifferences() {
        Dl4jEngine engine = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS);
        Dl4jModel m = (Dl4jModel) engine.compile(Presets.find("resnet20").orElseThrow(), 5);
        nonTrivialBatchNorm(m.graph(), 9);
        ComputationGraph g = m.graph().convertDataType(DataType.DOUBLE);
        INDArray x = randomImage(32, 32, 3, 4).castTo(DataType.DOUBLE);
        List<String> names = m.names();
        // a stem layer (before every block), a batch norm inside a block, an Add (a skip connection), the last maps
        String stem = names.get(0);
        String add = names.stream().filter(n -> m.spec().layers().get(names.indexOf(n))
                instanceof org.convscope.core.model.LayerSpec.Add).skip(3).findFirst().orElseThrow();
        int lastMaps = Explanations.lastConvLayer(m);
        String bn = names.stream().filter(n -> m.spec().layers().get(names.indexOf(n))
                instanceof org.convscope.core.model.LayerSpec.BatchNormalization).skip(10).findFirst().orElseThrow();
        double worst = 0;
        for (String target : List.of(stem, bn, add, names.get(lastMaps - 1))) {
            for (int c : new int[] {0, 7}) {
                double e = worstRelativeError(g, x, target, c, 5, target.hashCode() + c);
                assertTrue(e < 1e-5, target + " class " + c + ": relative error " + e);
                worst = Math.max(worst, e);
            }
        }
        System.out.printf("resnet20: largest central-difference error %.2e of the largest gradient%n", worst);
    }

    @Test
    void resnetMiniGradientsEqualCentralDifferencesAndTheFloatPath() throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        ImportedModel imported = engine.importKeras(KerasImportTest.DIR.resolve("resnet_mini.h5"));
        Dl4jModel m = (Dl4jModel) imported.model();
        Volume image = KerasImportTest.input(KerasImportTest.expected("resnet_mini"));
        ComputationGraph g = m.graph().convertDataType(DataType.DOUBLE);
        INDArray x = Nd4jArrays.toNchw(engine.preprocess(m, image)).castTo(DataType.DOUBLE);
        double worst = 0;
        for (String target : List.of("stem_relu", "b1_bn2", "b1_out", "b2_proj", "b2_out")) {
            for (int c : new int[] {1, 6}) {
                double e = worstRelativeError(g, x, target, c, 6, target.hashCode() + c);
                assertTrue(e < 1e-5, target + " class " + c + ": relative error " + e);
                worst = Math.max(worst, e);
                // the engine's float32 answer is the float64 one
                int layer = imported.structure().kerasNames().indexOf(target) + 1;
                ClassGradient f = engine.classGradient(m, image, layer, c);
                INDArray want = GraphClassGradient.compute(g, x, target, c).gradient();
                Volume wantHwc = Nd4jArrays.fromNchw(want);
                double scale = want.amaxNumber().doubleValue();
                for (int i = 0; i < wantHwc.values().length; i++) {
                    assertEquals(wantHwc.values()[i], f.gradient().values()[i], 1e-4 * scale, target + "[" + i + "]");
                }
            }
        }
        System.out.printf("resnet_mini.h5: largest central-difference error %.2e of the largest gradient%n", worst);
    }

    @Test
    void theDefaultLayerOfAGraphIsTheLastMapsEveryPathGoesThrough() throws Exception {
        Dl4jEngine engine = new Dl4jEngine();
        ImportedModel imported = engine.importKeras(KerasImportTest.DIR.resolve("resnet_mini.h5"));
        // b2_proj (the projection shortcut) is the last Conv2D listed, but only one branch goes through it
        assertEquals(imported.structure().kerasNames().indexOf("b2_out") + 1,
                Explanations.lastConvLayer(imported.model()));
        Dl4jModel resnet20 = (Dl4jModel) engine.compile(Presets.find("resnet20").orElseThrow(), 1);
        int at = Explanations.lastConvLayer(resnet20);
        var layers = resnet20.spec().layers();
        // resnet20 ends ... add, activation, 8x8 average pooling, flatten, dense: the last block's activation
        assertTrue(layers.get(at - 1) instanceof LayerSpec.ActivationLayer, resnet20.names().get(at - 1));
        assertTrue(layers.get(at - 2) instanceof LayerSpec.Add, resnet20.names().get(at - 2));
        assertTrue(layers.get(at) instanceof LayerSpec.Pooling2D, resnet20.names().get(at));
    }

    /** Grad-CAM of a Keras graph fixture equals PyTorch autograd's, the gradient included. */
    @ParameterizedTest
    @CsvSource({"resnet_mini.h5, b2_out, -1", "resnet_mini.h5, b1_add, 3",
            "mini_mobilenet_functional.h5, block_add, -1", "mini_mobilenet_functional.h5, bn_Conv1, 0",
            "separable_mini.h5, concat, -1", "separable_mini.h5, dw1_bn, 2", "separable_mini.h5, rescale, 1"})
    void gradCamEqualsPyTorchAutograd(String file, String layerName, int classIndex) throws Exception {
        String stem = file.substring(0, file.lastIndexOf('.'));
        String python = Python.withModules("torch", "numpy", "h5py");
        Python.Result run = Python.exec(List.of(python, "gradcam_reference.py", file, stem + ".expected.json",
                layerName, Integer.toString(classIndex)), KerasImportTest.DIR, Map.of(), 120);
        assertEquals(0, run.exit(), "gradcam_reference.py failed: " + run.output());
        JsonNode ref = MAPPER.readTree(run.output());

        Dl4jEngine engine = new Dl4jEngine();
        ImportedModel imported = engine.importKeras(KerasImportTest.DIR.resolve(file));
        Volume image = KerasImportTest.input(KerasImportTest.expected(stem));
        int layer = imported.structure().kerasNames().indexOf(layerName) + 1;
        assertTrue(layer > 0, layerName);
        Explanations.GradCamMap map = Explanations.gradCam(engine, imported.model(), image, classIndex, layer);
        assertEquals(ref.get("class").asInt(), map.classIndex());
        ClassGradient g = engine.classGradient(imported.model(), image, layer, map.classIndex());
        double worst = Math.max(maxDiff(ref.get("gradient"), g.gradient().values()),
                maxDiff(ref.get("activation"), g.activation().values()));
        worst = Math.max(worst, maxDiff(ref.get("alpha"), map.cam().alpha()));
        double[] coarse = java.util.Arrays.stream(map.cam().coarse()).flatMapToDouble(java.util.Arrays::stream)
                .toArray();
        double coarseDiff = maxDiff(ref.get("coarse"), coarse);
        assertTrue(coarseDiff < 1e-4, "Grad-CAM map differs by " + coarseDiff);
        assertTrue(worst < 1e-4, "gradient, activation or alpha differ by " + worst);
        // and the probabilities are the softmax of the reference's logits
        JsonNode z = ref.get("logits");
        double sum = 0;
        for (JsonNode v : z) {
            sum += Math.exp(v.asDouble());
        }
        assertEquals(Math.exp(z.get(map.classIndex()).asDouble()) / sum, map.probability(), 1e-5);
        System.out.printf("%s %s class %d: Grad-CAM map max diff %.2e, gradient/activation/alpha %.2e%n", file,
                layerName, map.classIndex(), coarseDiff, worst);
    }

    /** The largest absolute difference, the reference's nested arrays read in order. */
    private static double maxDiff(JsonNode ref, double[] got) {
        List<Double> want = new java.util.ArrayList<>();
        flatten(ref, want);
        assertEquals(want.size(), got.length, "sizes");
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(want.get(i) - got[i]));
        }
        return worst;
    }

    private static void flatten(JsonNode n, List<Double> into) {
        if (n.isArray()) {
            n.forEach(e -> flatten(e, into));
        } else {
            into.add(n.asDouble());
        }
    }
}
