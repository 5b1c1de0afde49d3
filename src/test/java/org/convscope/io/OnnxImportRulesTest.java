package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.junit.jupiter.api.Test;

/**
 * {@link OnnxImport} on graphs built by hand (no protobuf, no engine): which ops become which layers, which are
 * refused with what reason, and the channels-first to channels-last arithmetic on hand-worked numbers.
 */
class OnnxImportRulesTest {

    /** Builds a graph on a 1x2x4x4 input, one node after the other, each reading the previous one's output. */
    private static final class Graph {
        final List<OnnxGraph.Node> nodes = new ArrayList<>();
        final Map<String, OnnxGraph.Tensor> init = new HashMap<>();
        long opset = 13;
        String last = "x";

        Graph weights(String name, long[] dims) {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            float[] v = new float[(int) n];
            for (int k = 0; k < v.length; k++) {
                v[k] = 0.01f * (k + 1);
            }
            init.put(name, new OnnxGraph.Tensor(name, dims, v, null));
            return this;
        }

        Graph node(String op, Map<String, OnnxGraph.Attribute> attrs, String... extraInputs) {
            List<String> in = new ArrayList<>(List.of(last));
            in.addAll(List.of(extraInputs));
            String out = "v" + nodes.size();
            nodes.add(new OnnxGraph.Node("n" + nodes.size(), op, in, List.of(out), attrs));
            last = out;
            return this;
        }

        KerasH5.Contents convert() throws ModelFileException {
            return OnnxImport.convert(new OnnxGraph("t.onnx", opset, "test", "g", "x", new long[] {1, 2, 4, 4}, nodes,
                    init, List.of(last)));
        }
    }

    private static OnnxGraph.Attribute ints(long... v) {
        return new OnnxGraph.Attribute(0, 0, "", v, null);
    }

    private static OnnxGraph.Attribute integer(long v) {
        return new OnnxGraph.Attribute(0, v, "", null, null);
    }

    @Test
    void oihwBecomesHwioAndTheDenseRowsFollowKerasFlattening() {
        // O=1, I=2, 1x2 kernel: oihw [o][i][r][c] = {{{1, 2}}, {{3, 4}}} -> hwio [r][c][i][o]: (0,0,0)=1 (0,0,1)=3 (0,1,0)=2 (0,1,1)=4
        assertArrayEquals(new float[] {1, 3, 2, 4}, OnnxLayers.oihwToHwio(new float[] {1, 2, 3, 4}, 1, 2, 1, 2));
        // a (C=2, H=1, W=2) map flattened by PyTorch: rows c0w0, c0w1, c1w0, c1w1; ConvScope's: w0c0, w0c1, w1c0, w1c1
        float[] onnxRows = {10, 11, 20, 21};
        assertArrayEquals(new float[] {10, 20, 11, 21},
                OnnxLayers.chwRowsToHwc(onnxRows, new TensorShape.Spatial(1, 2, 2), 1));
        // Keras' same for n=4, k=3, s=2: out 2, total pad 1 -> 0 before, 1 after
        assertArrayEquals(new long[] {0, 0, 1, 1}, OnnxLayers.samePads(new TensorShape.Spatial(4, 4, 1), 3, 3, 2, 2));
    }

    @Test
    void globalAveragePoolIsKerasGlobalPoolingAndItsFlattenAddsNothing() throws Exception {
        KerasH5.Contents c = new Graph().node("GlobalAveragePool", Map.of()).node("Flatten", Map.of()).convert();
        assertEquals(List.of("GlobalAveragePooling2D"),
                c.imported().spec().layers().stream().map(LayerSpec::type).toList());
        assertEquals(LayerSpec.PoolKind.AVERAGE, ((LayerSpec.GlobalPooling2D) c.imported().spec().layers().get(0)).kind());
        assertTrue(c.imported().complete());
    }

    @Test
    void depthwiseConvolutionReluSixAndGroupedConvolution() throws Exception {
        Graph g = new Graph().weights("w", new long[] {2, 1, 3, 3});
        KerasH5.Contents c = g.node("Relu", Map.of()).node("Conv", Map.of("group", integer(2)), "w").convert();
        LayerSpec.DepthwiseConv2D d = (LayerSpec.DepthwiseConv2D) c.imported().spec().layers().get(1);
        assertEquals(1, d.depthMultiplier());
        assertTrue(c.imported().complete());
        // ONNX (2, 1, 3, 3) = 0.01 .. 0.18, channel c's cell (r, x) at c*9 + r*3 + x; Keras (3, 3, 2, 1): (r, x, c)
        KerasH5.Tensor k = c.weights().get(1).get(0);
        assertArrayEquals(new int[] {3, 3, 2, 1}, k.shape());
        assertArrayEquals(new float[] {0.01f * 1, 0.01f * 10, 0.01f * 2, 0.01f * 11}, java.util.Arrays.copyOf(k.values(), 4));

        Graph grouped = new Graph().weights("w4", new long[] {4, 2, 1, 1}).weights("g", new long[] {4, 2, 1, 1});
        c = grouped.node("Conv", Map.of(), "w4").node("Conv", Map.of("group", integer(2)), "g").convert();
        assertEquals("a grouped convolution (group = 2 on 4 channels); ConvScope has Conv2D (group 1) and"
                + " DepthwiseConv2D (group = channels)", c.imported().unsupported().get(0).reason());

        Graph six = new Graph();
        six.init.put("lo", new OnnxGraph.Tensor("lo", new long[0], new float[] {0}, null));
        six.init.put("hi", new OnnxGraph.Tensor("hi", new long[0], new float[] {6}, null));
        c = six.node("Sigmoid", Map.of()).node("Clip", Map.of(), "lo", "hi").convert();
        assertEquals(new LayerSpec.ReLU(null, 6.0, 0, 0), c.imported().spec().layers().get(1));

        Graph relu = new Graph();
        relu.init.put("lo", new OnnxGraph.Tensor("lo", new long[0], new float[] {0}, null));
        c = relu.node("Clip", Map.of(), "lo").convert();
        assertEquals(Activation.RELU, ((LayerSpec.ActivationLayer) c.imported().spec().layers().get(0)).activation());
    }

    @Test
    void anAddOfTwoLayersIsAJoinThatNamesThemAndAConcatOnTheRowsIsRefusedByName() throws Exception {
        Graph g = new Graph().node("Relu", Map.of()).node("Sigmoid", Map.of()); // v0 = relu(x), v1 = sigmoid(v0)
        g.nodes.add(new OnnxGraph.Node("skip", "Add", List.of("v1", "v0"), List.of("v2"), Map.of()));
        g.last = "v2";
        KerasH5.Contents c = g.node("Tanh", Map.of()).convert();
        assertTrue(c.imported().complete());
        assertEquals(List.of("Activation", "Activation", "Add", "Activation"),
                c.imported().spec().layers().stream().map(LayerSpec::type).toList());
        assertEquals(Map.of("add", List.of("activation_1", "activation")), c.imported().spec().inputs());

        Graph rows = new Graph().node("Relu", Map.of()).node("Sigmoid", Map.of());
        rows.nodes.add(new OnnxGraph.Node("cat", "Concat", List.of("v0", "v1"), List.of("v2"),
                Map.of("axis", integer(2))));
        rows.last = "v2";
        c = rows.convert();
        assertEquals("cat", c.imported().unsupported().get(0).name());
        assertEquals("Concat on axis 2 of [1, 2, 4, 4]; ConvScope's Concatenate stacks the channels (axis 1 in ONNX,"
                + " -1 in Keras)", c.imported().unsupported().get(0).reason());
        // cut there, the first branch (v0 -> v1) still feeds the last layer kept: both layers stay
        assertEquals(2, c.imported().spec().layers().size());
    }

    @Test
    void reduceMeanOverRowsAndColumnsIsGlobalPoolingAndWithKeepdimsAWindowAsLargeAsTheMap() throws Exception {
        Map<String, OnnxGraph.Attribute> mean = Map.of("axes", ints(2, 3), "keepdims", integer(0));
        KerasH5.Contents c = new Graph().node("Relu", Map.of()).node("ReduceMean", mean).convert();
        assertEquals(List.of("Activation", "GlobalAveragePooling2D"),
                c.imported().spec().layers().stream().map(LayerSpec::type).toList());
        Graph sixFirst = new Graph();
        sixFirst.init.put("lo", new OnnxGraph.Tensor("lo", new long[0], new float[] {0}, null));
        sixFirst.init.put("hi", new OnnxGraph.Tensor("hi", new long[0], new float[] {6}, null));
        c = sixFirst.node("Clip", Map.of(), "lo", "hi").node("ReduceMean", mean).convert();
        assertEquals(List.of("ReLU", "GlobalAveragePooling2D"),
                c.imported().spec().layers().stream().map(LayerSpec::type).toList());
        // keepdims = 1 keeps a (1, 1, C) map: one average window of the whole 4x4 map
        Map<String, OnnxGraph.Attribute> kept = Map.of("axes", ints(2, 3), "keepdims", integer(1));
        c = new Graph().node("Relu", Map.of()).node("ReduceMean", kept).convert();
        LayerSpec.Pooling2D p = (LayerSpec.Pooling2D) c.imported().spec().layers().get(1);
        assertEquals(LayerSpec.PoolKind.AVERAGE, p.kind());
        assertEquals(4, p.pool().h());
        assertEquals(4, p.strides().w());
        ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
                () -> new Graph().node("ReduceMean", Map.of("axes", ints(1))).convert());
        assertTrue(e.getMessage().contains("n0 (ReduceMean), cannot be shown: ReduceMean over axes [1]; ConvScope"
                + " reduces only over the rows and columns"), e.getMessage());
    }

    @Test
    void poolingPaddingIsTakenOnlyWhereZerosGiveTheSameResult() throws Exception {
        Map<String, OnnxGraph.Attribute> padded = Map.of("kernel_shape", ints(2, 2), "strides", ints(2, 2),
                "pads", ints(1, 1, 1, 1));
        KerasH5.Contents afterRelu = new Graph().node("Relu", Map.of()).node("MaxPool", padded).convert();
        assertEquals(Padding.of(1), ((LayerSpec.Pooling2D) afterRelu.imported().spec().layers().get(1)).padding());
        KerasH5.Contents onInput = new Graph().node("Tanh", Map.of()).node("MaxPool", padded).convert();
        assertTrue(onInput.imported().unsupported().get(0).reason().startsWith("MaxPool pads with -infinity"));
        KerasH5.Contents average = new Graph().node("Relu", Map.of()).node("AveragePool", padded).convert();
        assertTrue(average.imported().unsupported().get(0).reason().contains("count_include_pad = 0"));
        Map<String, OnnxGraph.Attribute> counted = new HashMap<>(padded);
        counted.put("count_include_pad", integer(1));
        KerasH5.Contents ok = new Graph().node("Relu", Map.of()).node("AveragePool", counted).convert();
        assertTrue(ok.imported().complete());
    }

    @Test
    void convWithKerasSamePaddingAndAnAsymmetricOneThatHasNoEquivalent() throws Exception {
        Graph same = new Graph().weights("w", new long[] {3, 2, 3, 3});
        KerasH5.Contents c = same.node("Conv", Map.of("strides", ints(2, 2), "pads", ints(0, 0, 1, 1)), "w").convert();
        LayerSpec.Conv2D conv = (LayerSpec.Conv2D) c.imported().spec().layers().get(0);
        assertEquals(Padding.SAME, conv.padding());
        assertArrayEquals(new int[] {3, 3, 2, 3}, c.weights().get(0).get(0).shape());
        Graph odd = new Graph().weights("w", new long[] {3, 2, 3, 3});
        ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
                () -> odd.node("Conv", Map.of("pads", ints(2, 0, 0, 0)), "w").convert());
        assertTrue(e.getMessage().contains("t.onnx: its first layer, n0 (Conv), cannot be shown: Conv with padding"
                + " (top, left, bottom, right) = [2, 0, 0, 0]"), e.getMessage());
    }

    @Test
    void arithmeticOnTheInputBeforeTheFirstLayerBecomesItsStandardisation() throws Exception {
        // PyTorch's (x - mean) / std on 2 channels: mean (0.5, 0.25), std (0.2, 0.4)
        Graph g = new Graph();
        g.init.put("mean", new OnnxGraph.Tensor("mean", new long[] {1, 2, 1, 1}, new float[] {0.5f, 0.25f}, null));
        g.init.put("std", new OnnxGraph.Tensor("std", new long[] {1, 2, 1, 1}, new float[] {0.2f, 0.4f}, null));
        KerasH5.Contents c = g.node("Sub", Map.of(), "mean").node("Div", Map.of(), "std").node("Relu", Map.of()).convert();
        assertTrue(c.imported().complete());
        assertEquals(1, c.imported().spec().layers().size(), "the arithmetic is no layer");
        assertArrayEquals(new double[] {0.5f, 0.25f}, c.inputNormalization().mean(), 1e-12);
        assertArrayEquals(new double[] {0.2f, 0.4f}, c.inputNormalization().std(), 1e-12);

        // ((x * 2) + (-1)) = (x - 0.5) / 0.5: Mul by k divides the scale by k, Add of k takes k * scale off the mean
        Graph h = new Graph();
        h.init.put("two", new OnnxGraph.Tensor("two", new long[0], new float[] {2}, null));
        h.init.put("minus", new OnnxGraph.Tensor("minus", new long[] {2, 1, 1}, new float[] {-1, -1}, null));
        c = h.node("Mul", Map.of(), "two").node("Add", Map.of(), "minus").node("Sigmoid", Map.of()).convert();
        assertArrayEquals(new double[] {0.5, 0.5}, c.inputNormalization().mean(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, c.inputNormalization().std(), 1e-12);

        assertEquals(null, new Graph().node("Relu", Map.of()).convert().inputNormalization(), "none without arithmetic");

        Graph negative = new Graph();
        negative.init.put("k", new OnnxGraph.Tensor("k", new long[0], new float[] {-2}, null));
        ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
                () -> negative.node("Div", Map.of(), "k").node("Relu", Map.of()).convert());
        assertTrue(e.getMessage().contains("n0 (Div), cannot be shown: Div by -2.0 on channel 0"), e.getMessage());

        Graph perPixel = new Graph().weights("p", new long[] {1, 2, 4, 4});
        e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
                () -> perPixel.node("Sub", Map.of(), "p").node("Relu", Map.of()).convert());
        assertTrue(e.getMessage().contains("other than a constant per channel"), e.getMessage());

        Graph later = new Graph();
        later.init.put("k", new OnnxGraph.Tensor("k", new long[0], new float[] {2}, null));
        c = later.node("Relu", Map.of()).node("Div", Map.of(), "k").convert();
        assertEquals("ConvScope has no Div layer", c.imported().unsupported().get(0).reason());
    }

    @Test
    void poolingPadsThatAreKerasSameBecomeSameWhereTheOpLeavesThePaddingOut() throws Exception {
        // 4x4, 3x3 window, stride 2: Keras' same pads (top, left, bottom, right) = (0, 0, 1, 1)
        Map<String, OnnxGraph.Attribute> same = Map.of("kernel_shape", ints(3, 3), "strides", ints(2, 2),
                "pads", ints(0, 0, 1, 1));
        KerasH5.Contents max = new Graph().node("Tanh", Map.of()).node("MaxPool", same).convert();
        assertEquals(Padding.SAME, ((LayerSpec.Pooling2D) max.imported().spec().layers().get(1)).padding(),
                "MaxPool pads with -infinity, as ConvScope's same max pooling: no ReLU needed before it");
        KerasH5.Contents average = new Graph().node("AveragePool", same).convert();
        assertEquals(Padding.SAME, ((LayerSpec.Pooling2D) average.imported().spec().layers().get(0)).padding());
        Map<String, OnnxGraph.Attribute> counted = new HashMap<>(same);
        counted.put("count_include_pad", integer(1));
        ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
                () -> new Graph().node("AveragePool", counted).convert());
        assertTrue(e.getMessage().contains("n0 (AveragePool), cannot be shown: AveragePool with padding (top, left,"
                + " bottom, right) = [0, 0, 1, 1]"), e.getMessage());
        Map<String, OnnxGraph.Attribute> upper = Map.of("kernel_shape", ints(3, 3), "strides", ints(2, 2),
                "auto_pad", new OnnxGraph.Attribute(0, 0, "SAME_UPPER", null, null));
        KerasH5.Contents auto = new Graph().node("MaxPool", upper).convert();
        assertEquals(Padding.SAME, ((LayerSpec.Pooling2D) auto.imported().spec().layers().get(0)).padding());
        // the odd cell above and left is not Keras' same: named with the pads
        Map<String, OnnxGraph.Attribute> lower = Map.of("kernel_shape", ints(3, 3), "strides", ints(2, 2),
                "pads", ints(1, 1, 0, 0));
        KerasH5.Contents refused = new Graph().node("Relu", Map.of()).node("MaxPool", lower).convert();
        assertEquals("n1", refused.imported().unsupported().get(0).name());
        assertTrue(refused.imported().unsupported().get(0).reason().contains("= [1, 1, 0, 0]"),
                refused.imported().unsupported().get(0).reason());
    }

    @Test
    void aMinusInfinityPadBeforeMaxPoolIsSamePoolingWhenItPadsAsKerasDoes() throws Exception {
        // PyTorch's Keras-same max pooling: F.pad(x, (0, 1, 0, 1), value=-inf), then MaxPool 3x3 stride 2 on 4x4
        Graph g = new Graph();
        g.init.put("pads", new OnnxGraph.Tensor("pads", new long[] {8}, null, new long[] {0, 0, 0, 0, 0, 0, 1, 1}));
        g.init.put("inf", new OnnxGraph.Tensor("inf", new long[0], new float[] {Float.NEGATIVE_INFINITY}, null));
        Map<String, OnnxGraph.Attribute> pool = Map.of("kernel_shape", ints(3, 3), "strides", ints(2, 2));
        KerasH5.Contents c = g.node("Tanh", Map.of()).node("Pad", Map.of(), "pads", "inf").node("MaxPool", pool).convert();
        assertTrue(c.imported().complete());
        assertEquals(Padding.SAME, ((LayerSpec.Pooling2D) c.imported().spec().layers().get(1)).padding());

        Graph conv = new Graph().weights("w", new long[] {3, 2, 3, 3});
        conv.init.put("pads", new OnnxGraph.Tensor("pads", new long[] {8}, null, new long[] {0, 0, 0, 0, 0, 0, 1, 1}));
        conv.init.put("inf", new OnnxGraph.Tensor("inf", new long[0], new float[] {Float.NEGATIVE_INFINITY}, null));
        c = conv.node("Relu", Map.of()).node("Pad", Map.of(), "pads", "inf").node("Conv", Map.of(), "w").convert();
        assertEquals("a Pad with -infinity before Conv; ConvScope's convolutions pad with zeros",
                c.imported().unsupported().get(0).reason());
    }
}
