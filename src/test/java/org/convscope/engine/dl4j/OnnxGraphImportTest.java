package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.convscope.core.conv.Volume;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.convscope.engine.Activations;
import org.convscope.engine.ImportedModel;
import org.convscope.io.KerasH5;
import org.convscope.io.OnnxImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PyTorch models with branches and joins (src/test/resources/onnx/make_graph_fixtures.py: a mini ResNet, a
 * MobileNet-style net, an Inception-ish Concat) read from their ONNX files as graph models, checked against what
 * PyTorch itself says of them: the summary's parameters equal torch's count (trainable) plus the BatchNorm running
 * statistics (non-trainable, as Keras counts them), every weight array equals its {@code state_dict} array moved
 * to Keras' layout, and every layer's output shape equals the shape torch's module gave.
 *
 * <p>The engine runs them with the file's weights: for the two fixed images of each reference, the last layer equals
 * torch's class probabilities ({@link #theEngineRunsTheGraphWithTheFilesWeightsAndGivesTorchsProbabilities}).
 */
class OnnxGraphImportTest {

    static KerasH5.Contents read(String name) throws Exception {
        return OnnxImport.convert(OnnxFile.read(OnnxImportTest.DIR.resolve(name + ".onnx")));
    }

    private static List<String> types(ModelSpec m) {
        return m.layers().stream().map(LayerSpec::type).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_mini", "mobilenet_mini", "inception_mini"})
    void theWholeModelOpensWithTorchsParameterCountWeightsAndShapes(String name) throws Exception {
        JsonNode ref = OnnxImportTest.reference(OnnxImportTest.DIR, name);
        KerasH5.Contents c = read(name);
        assertTrue(c.imported().complete(), String.valueOf(c.imported().describeOmissions("ONNX node(s)")));
        ModelSpec spec = c.imported().spec();
        assertEquals(!name.startsWith("mobilenet"), spec.isGraph(), "branches and joins make a graph model");
        ModelAnalysis a = ModelAnalyzer.analyze(spec);
        assertTrue(a.problem().isEmpty(), () -> a.problem().get().describe());
        assertEquals(ref.get("parameters").asLong(), a.trainableParams(), "torch's sum(p.numel())");
        assertEquals(ref.get("buffers").asLong(), a.nonTrainableParams(), "BatchNorm's running mean and variance");
        assertEquals(ref.get("parameters").asLong() + ref.get("buffers").asLong(), a.totalParams());
        assertEquals(ref.get("state_dict").size(), assertWeightsAreTorchs(spec, c.weights(), ref.get("state_dict")),
                "every array of the state_dict is a weight of the imported model");
        assertShapesAreTorchs(a, c.imported().kerasNames(), ref.get("shapes"));
    }

    /** Compares each imported weight with its state_dict array; returns how many arrays were compared. */
    private static int assertWeightsAreTorchs(ModelSpec spec, List<List<KerasH5.Tensor>> weights, JsonNode sd) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < weights.size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            for (int k = 0; k < weights.get(i).size(); k++) {
                KerasH5.Tensor t = weights.get(i).get(k);
                JsonNode torch = sd.get(t.name());
                assertNotNull(torch, "a state_dict array named " + t.name());
                assertTrue(seen.add(t.name()), t.name() + " is used once");
                assertSameWeights(layer, k, t, torch);
            }
        }
        return seen.size();
    }

    /**
     * Keras' layout of PyTorch's arrays: conv (O, I, kh, kw) -> (kh, kw, I, O); depthwise (C*dm, 1, kh, kw) ->
     * (kh, kw, C, dm) with output channel c*dm + m; linear (out, in) -> (in, out); vectors unchanged.
     */
    private static void assertSameWeights(LayerSpec layer, int k, KerasH5.Tensor t, JsonNode torch) {
        int[] td = ints(torch.get("shape"));
        double[] tv = OnnxImportTest.doubles(torch.get("values"));
        String what = t.name() + " of " + layer.type();
        if (td.length == 4 && layer instanceof LayerSpec.DepthwiseConv2D d) {
            int dm = d.depthMultiplier();
            int ch = td[0] / dm;
            assertArrayEquals(new int[] {td[2], td[3], ch, dm}, t.shape(), what);
            for (int c = 0; c < ch; c++) {
                for (int m = 0; m < dm; m++) {
                    for (int r = 0; r < td[2]; r++) {
                        for (int x = 0; x < td[3]; x++) {
                            assertEquals((float) tv[((c * dm + m) * td[2] + r) * td[3] + x],
                                    t.values()[((r * td[3] + x) * ch + c) * dm + m], what);
                        }
                    }
                }
            }
        } else if (td.length == 4) {
            assertTrue(layer instanceof LayerSpec.Conv2D, what);
            assertArrayEquals(new int[] {td[2], td[3], td[1], td[0]}, t.shape(), what);
            for (int o = 0; o < td[0]; o++) {
                for (int in = 0; in < td[1]; in++) {
                    for (int r = 0; r < td[2]; r++) {
                        for (int x = 0; x < td[3]; x++) {
                            assertEquals((float) tv[((o * td[1] + in) * td[2] + r) * td[3] + x],
                                    t.values()[((r * td[3] + x) * td[1] + in) * td[0] + o], what);
                        }
                    }
                }
            }
        } else if (td.length == 2) {
            assertTrue(layer instanceof LayerSpec.Dense && k == 0, what);
            assertArrayEquals(new int[] {td[1], td[0]}, t.shape(), what);
            for (int o = 0; o < td[0]; o++) {
                for (int in = 0; in < td[1]; in++) {
                    assertEquals((float) tv[o * td[1] + in], t.values()[in * td[0] + o], what);
                }
            }
        } else {
            assertArrayEquals(td, t.shape(), what);
            for (int j = 0; j < tv.length; j++) {
                assertEquals((float) tv[j], t.values()[j], what);
            }
        }
    }

    /**
     * Each layer's output shape, channels-first, equals its torch module's (the ONNX node /a/b/Op comes from module
     * a.b); Keras' global pooling gives (C) where torch's AdaptiveAvgPool2d(1) gives (C, 1, 1) and its Flatten (C)
     * (x.mean((2, 3)) gives (C) too).
     */
    private static void assertShapesAreTorchs(ModelAnalysis a, List<String> nodes, JsonNode shapes) {
        assertEquals(nodes.size(), a.layers().size());
        for (int i = 0; i < nodes.size(); i++) {
            LayerInfo info = a.layers().get(i);
            assertEquals(torchShape(shapes, nodes.get(i), info.spec()), channelsFirst(info.output()),
                    nodes.get(i) + " (" + info.spec().type() + ")");
        }
    }

    /** The shape torch's module gave the layer made from ONNX node {@code node}, as ConvScope shapes it. */
    private static List<Integer> torchShape(JsonNode shapes, String node, LayerSpec spec) {
        String module = node.substring(1, node.lastIndexOf('/')).replace('/', '.');
        JsonNode torch = shapes.get(module);
        assertNotNull(torch, "torch's shape of module " + module + " (node " + node + ")");
        List<Integer> want = new ArrayList<>();
        torch.forEach(d -> want.add(d.asInt()));
        if (spec instanceof LayerSpec.GlobalPooling2D && want.size() == 3) { // not x.mean((2, 3))
            assertEquals(List.of(1, 1), want.subList(1, 3), module);
            want.subList(1, 3).clear();
        }
        return want;
    }

    private static List<Integer> channelsFirst(TensorShape s) {
        return s instanceof TensorShape.Spatial m ? List.of(m.channels(), m.height(), m.width())
                : List.of((int) s.elements());
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }

    @Test
    void theResNetsSkipConnectionsAreAddLayersThatNameTheirInputs() throws Exception {
        KerasH5.Contents c = read("resnet_mini");
        ModelSpec m = c.imported().spec();
        assertEquals(List.of("Conv2D", "BatchNormalization", "Activation",
                "Conv2D", "BatchNormalization", "Activation", "Conv2D", "BatchNormalization", "Add", "Activation",
                "Conv2D", "BatchNormalization", "Activation", "Conv2D", "BatchNormalization", "Conv2D",
                "BatchNormalization", "Add", "Activation", "GlobalAveragePooling2D", "Dense"), types(m));
        // block 1 adds its second batch norm to the stem's ReLU; block 2 its second batch norm to the projection's
        assertEquals(Map.of("add", List.of("batch_normalization_2", "activation"),
                "conv2d_5", List.of("activation_2"), // the projection reads the block's input, not conv2d_4's bn
                "add_1", List.of("batch_normalization_4", "batch_normalization_5")), m.inputs());
        LayerSpec.Conv2D projection = (LayerSpec.Conv2D) m.layers().get(15);
        assertEquals(1, projection.kernel().h());
        assertEquals(2, projection.strides().h());
        assertEquals(Padding.VALID, projection.padding());
        assertEquals("/block2/proj/Conv", c.imported().kerasNames().get(15));
    }

    @Test
    void depthwiseConvolutionsAndReluSixOfTheMobileNet() throws Exception {
        ModelSpec m = read("mobilenet_mini").imported().spec();
        assertEquals(List.of("Conv2D", "BatchNormalization", "ReLU",
                "DepthwiseConv2D", "BatchNormalization", "ReLU", "Conv2D", "BatchNormalization", "ReLU",
                "DepthwiseConv2D", "BatchNormalization", "ReLU", "Conv2D", "BatchNormalization", "ReLU",
                "GlobalAveragePooling2D", "Dense"), types(m));
        assertTrue(!m.isGraph(), "no joins: a chain");
        LayerSpec.DepthwiseConv2D d = (LayerSpec.DepthwiseConv2D) m.layers().get(9);
        assertEquals(1, d.depthMultiplier());
        assertEquals(2, d.strides().h());
        assertEquals(Padding.of(1), d.padding());
        LayerSpec.ReLU six = (LayerSpec.ReLU) m.layers().get(2);
        assertEquals(6.0, six.maxValue());
        assertEquals(0.0, six.negativeSlope());
    }

    @Test
    void theInceptionBranchesJoinInAConcatenateOfSevenChannels() throws Exception {
        KerasH5.Contents c = read("inception_mini");
        ModelSpec m = c.imported().spec();
        assertEquals(List.of("Conv2D", "Activation", "Conv2D", "Activation", "Conv2D", "Activation",
                "MaxPooling2D", "Conv2D", "Activation", "Concatenate", "GlobalAveragePooling2D", "Dense"), types(m));
        assertEquals(List.of("activation_1", "activation_2", "activation_3"), m.inputs().get("concatenate"));
        assertEquals(List.of("activation"), m.inputs().get("conv2d_2"), "the 3x3 branch reads the stem");
        ModelAnalysis a = ModelAnalyzer.analyze(m);
        assertEquals(new TensorShape.Spatial(16, 16, 7), a.layers().get(9).output());
        assertEquals("/mean/ReduceMean", c.imported().kerasNames().get(10), "x.mean((2, 3)) is global pooling");
    }

    /**
     * Each fixture on each of the engine's kernel choices: graphs have one path, and the native ops do not take the
     * MobileNet chain's depthwise layers either, so asking for them must fall back to DL4J's layers with the same result.
     */
    static Stream<Arguments> fixturesAndKernels() {
        return Stream.of("resnet_mini", "mobilenet_mini", "inception_mini").flatMap(name -> Stream.of(
                Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS).map(k -> Arguments.of(name, k)));
    }

    /**
     * End to end: the file opens with its weights and runs; for both of torch's images the last layer equals torch's
     * probabilities within 1e-5, and every layer's output has its torch module's shape.
     */
    @ParameterizedTest
    @MethodSource("fixturesAndKernels")
    void theEngineRunsTheGraphWithTheFilesWeightsAndGivesTorchsProbabilities(String name, Dl4jEngine.Kernels kernels)
            throws Exception {
        JsonNode ref = OnnxImportTest.reference(OnnxImportTest.DIR, name);
        Dl4jEngine engine = new Dl4jEngine(kernels);
        ImportedModel imported = engine.importOnnx(OnnxImportTest.DIR.resolve(name + ".onnx"));
        assertTrue(imported.structure().complete(), String.valueOf(imported.structure().describeOmissions()));
        assertTrue(imported.model().partial().isEmpty());
        ModelSpec spec = imported.model().spec();
        List<String> nodes = imported.structure().kerasNames();
        String how = name + " on " + engine.kernelsFor(imported.model());
        for (int k = 0; k < 2; k++) {
            Activations acts = engine.forward(imported.model(),
                    new Volume(16, 16, 3, OnnxImportTest.doubles(ref.get("inputs").get(k))));
            assertEquals(spec.layers().size(), acts.size(), how);
            for (int i = 0; i < acts.size(); i++) {
                assertEquals(torchShape(ref.get("shapes"), nodes.get(i), spec.layers().get(i)),
                        channelsFirst(acts.layers().get(i).shape()), how + ": " + nodes.get(i));
            }
            double[] want = OnnxImportTest.doubles(ref.get("probabilities").get(k));
            double[] got = acts.layers().get(acts.size() - 1).output().values();
            assertEquals(want.length, got.length, how);
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[c], got[c], 1e-5, how + ", image " + k + ": probability of class " + c);
            }
        }
    }

    @Test
    void referencesHoldTheProbabilitiesOfTwoImages() throws Exception {
        for (String name : List.of("resnet_mini", "mobilenet_mini", "inception_mini")) {
            JsonNode ref = OnnxImportTest.reference(OnnxImportTest.DIR, name);
            assertEquals(2, ref.get("inputs").size());
            for (int k = 0; k < 2; k++) {
                assertEquals(16 * 16 * 3, ref.get("inputs").get(k).size());
                double sum = 0;
                for (double p : OnnxImportTest.doubles(ref.get("probabilities").get(k))) {
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-5, name + " image " + k + ": softmax outputs");
            }
        }
    }
}
