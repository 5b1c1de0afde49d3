package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.engine.Activations;
import org.convscope.engine.ImportedModel;
import org.convscope.io.KerasH5;
import org.convscope.io.KerasJson;
import org.convscope.io.ModelFileException;
import org.convscope.io.OnnxGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ONNX files exported by PyTorch (src/test/resources/onnx/make_fixture.py) imported with their weights: every
 * layer's output for the fixture's image equals PyTorch's (channels-last) within 1e-4 of the layer's largest value,
 * and the class probabilities within 1e-5, on both of the engine's kernels.
 */
class OnnxImportTest {

    static final Path DIR = Path.of("src", "test", "resources", "onnx");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode reference(Path dir, String name) throws Exception {
        return MAPPER.readTree(Files.readString(dir.resolve(name + ".json")));
    }

    static Volume image(JsonNode ref) {
        JsonNode s = ref.get("input_shape");
        return new Volume(s.get(0).asInt(), s.get(1).asInt(), s.get(2).asInt(), doubles(ref.get("input")));
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    /**
     * Compares every layer with the reference and the last with the probabilities (when the reference has them).
     *
     * @return the number of layers compared
     */
    static int assertMatches(Dl4jEngine engine, ImportedModel imported, JsonNode ref) {
        Activations acts = engine.forward(imported.model(), image(ref));
        JsonNode layers = ref.get("layers");
        assertEquals(layers.size(), acts.size(), "one reference per layer");
        for (int i = 0; i < acts.size(); i++) {
            double[] want = doubles(layers.get(i).get("values"));
            double[] got = acts.layers().get(i).output().values();
            String what = acts.layers().get(i).name() + " (" + acts.layers().get(i).type() + ", " + engine.kernelsFor(imported.model()) + ")";
            assertEquals(want.length, got.length, what);
            double scale = 0;
            for (double w : want) {
                scale = Math.max(scale, Math.abs(w));
            }
            for (int k = 0; k < got.length; k++) {
                assertEquals(want[k], got[k], 1e-4 * Math.max(scale, 1e-6), what + "[" + k + "]");
            }
        }
        if (ref.has("probabilities")) {
            double[] p = doubles(ref.get("probabilities"));
            double[] got = acts.layers().get(acts.size() - 1).output().values();
            for (int k = 0; k < p.length; k++) {
                assertEquals(p[k], got[k], 1e-5, "probability of class " + k);
            }
        }
        return acts.size();
    }

    private static List<String> types(ImportedModel m) {
        return m.model().spec().layers().stream().map(LayerSpec::type).toList();
    }

    @ParameterizedTest
    @EnumSource(value = Dl4jEngine.Kernels.class, names = {"LAYERS", "NATIVE_OPS"})
    void aConvBatchNormPoolDenseChainAtOpset13GivesPyTorchsOutputs(Dl4jEngine.Kernels kernels) throws Exception {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        ImportedModel m = engine.importOnnx(DIR.resolve("chain.onnx"));
        assertTrue(m.structure().complete(), String.valueOf(m.structure().describeOmissions()));
        assertEquals("ONNX opset 13, pytorch 1.13.0", m.kerasVersion());
        assertEquals(List.of("Conv2D", "Activation", "BatchNormalization", "MaxPooling2D", "Conv2D", "Activation",
                "Flatten", "Dense"), types(m));
        assertEquals(Activation.SOFTMAX, ((LayerSpec.Dense) m.model().spec().layers().get(7)).activation(),
                "Gemm then Softmax is one Dense with softmax, as Keras has it");
        assertEquals(Padding.of(1), ((LayerSpec.Conv2D) m.model().spec().layers().get(0)).padding());
        // conv 3*4*9+4, batch norm 4*4, conv 4*6*9+6, Gemm 96*10+10: every weight in the file
        assertEquals(112 + 16 + 222 + 970, m.model().parameterCount());
        assertEquals(8, assertMatches(engine, m, reference(DIR, "chain")));
    }

    @ParameterizedTest
    @EnumSource(value = Dl4jEngine.Kernels.class, names = {"LAYERS", "NATIVE_OPS"})
    void padBeforeAveragePoolTheShapeChainAndMatMulAddAtOpset9(Dl4jEngine.Kernels kernels) throws Exception {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        ImportedModel m = engine.importOnnx(DIR.resolve("pool_view.onnx"));
        assertTrue(m.structure().complete(), String.valueOf(m.structure().describeOmissions()));
        assertEquals(List.of("Conv2D", "Activation", "AveragePooling2D", "Conv2D", "Activation", "Flatten", "Dense",
                "Activation", "Dense"), types(m));
        LayerSpec.Pooling2D pool = (LayerSpec.Pooling2D) m.model().spec().layers().get(2);
        assertEquals(Padding.of(1), pool.padding(), "the Pad before AveragePool is the pooling's padding");
        assertTrue(((LayerSpec.Dense) m.model().spec().layers().get(8)).useBias(), "MatMul + Add is one Dense");
        // conv 3*5*9+5, conv 5*4*9 (no bias), Gemm 64*12+12, MatMul 12*10 + Add 10
        assertEquals(140 + 180 + 780 + 130, m.model().parameterCount());
        assertEquals(9, assertMatches(engine, m, reference(DIR, "pool_view")));
    }

    @ParameterizedTest
    @EnumSource(value = Dl4jEngine.Kernels.class, names = {"LAYERS", "NATIVE_OPS"})
    void theSameModelAtOpset17WherePadsAndUnsqueezeAxesAreInputs(Dl4jEngine.Kernels kernels) throws Exception {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        ImportedModel m = engine.importOnnx(DIR.resolve("pool_view17.onnx"));
        assertTrue(m.structure().complete(), String.valueOf(m.structure().describeOmissions()));
        assertEquals("ONNX opset 17, pytorch 1.13.0", m.kerasVersion());
        assertEquals(Padding.of(1), ((LayerSpec.Pooling2D) m.model().spec().layers().get(2)).padding());
        assertEquals(9, assertMatches(engine, m, reference(DIR, "pool_view17")));
    }

    @Test
    void aResidualAddIsAJoinAndTheDenseAfterItsFlattenHasItsRowsReordered() throws Exception {
        KerasH5.Contents c = org.convscope.io.OnnxImport.convert(OnnxFile.read(DIR.resolve("residual.onnx")));
        KerasJson.Imported s = c.imported();
        assertTrue(s.complete(), String.valueOf(s.describeOmissions()));
        assertEquals(List.of("Conv2D", "Activation", "Conv2D", "Activation", "Add", "Flatten", "Dense"),
                s.spec().layers().stream().map(LayerSpec::type).toList());
        assertEquals(java.util.Map.of("add", List.of("activation_1", "activation")), s.spec().inputs());
        // the Dense after Flatten(Add) reads (H, W, C) rows: ONNX row c*144 + h*12 + w is ConvScope's (h*12 + w)*4 + c
        KerasH5.Tensor kernel = c.weights().get(6).get(0);
        JsonNode ref = reference(DIR, "residual");
        assertEquals(4, ref.get("layers").size(), "the reference still holds the four layers before the Add");
        OnnxGraph g = OnnxFile.read(DIR.resolve("residual.onnx"));
        float[] onnx = g.initializers().get(kernel.name()).floats(); // Gemm's (10, 576), transB
        int c1 = 1;
        int h = 2;
        int w = 3;
        assertEquals(onnx[5 * 576 + c1 * 144 + h * 12 + w], kernel.values()[((h * 12 + w) * 4 + c1) * 10 + 5]);
        // and it runs with the file's weights: the four layers before the Add are torch's, the Add their sum
        Dl4jEngine engine = new Dl4jEngine();
        ImportedModel m = engine.importOnnx(DIR.resolve("residual.onnx"));
        assertTrue(m.model().partial().isEmpty());
        Activations acts = engine.forward(m.model(), image(ref));
        assertEquals(7, acts.size());
        for (int i = 0; i < 4; i++) {
            double[] want = doubles(ref.get("layers").get(i).get("values"));
            double[] got = acts.layers().get(i).output().values();
            assertEquals(want.length, got.length);
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], got[k], 1e-5, acts.layers().get(i).name() + "[" + k + "]");
            }
        }
        double[] relu1 = doubles(ref.get("layers").get(1).get("values"));
        double[] relu2 = doubles(ref.get("layers").get(3).get("values"));
        double[] add = acts.layers().get(4).output().values();
        for (int k = 0; k < add.length; k++) {
            assertEquals(relu1[k] + relu2[k], add[k], 1e-5, "add[" + k + "]");
        }
        double sum = 0;
        for (double p : acts.layers().get(6).output().values()) {
            sum += p;
        }
        assertEquals(1.0, sum, 1e-5, "the Gemm's Softmax");
    }

    @ParameterizedTest
    @EnumSource(value = Dl4jEngine.Kernels.class, names = {"LAYERS", "NATIVE_OPS"})
    void unevenPoolPadsThatAreKerasSameOpenAsSamePooling(Dl4jEngine.Kernels kernels) throws Exception {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        ImportedModel m = engine.importOnnx(DIR.resolve("pool_same.onnx"));
        assertTrue(m.structure().complete(), String.valueOf(m.structure().describeOmissions()));
        assertEquals(List.of("Conv2D", "Activation", "MaxPooling2D", "Conv2D", "Activation", "AveragePooling2D",
                "Flatten", "Dense"), types(m));
        // pads [0, 0, 1, 1] on 12x12 (3x3, stride 2) and on 6x6: Keras' same, the odd cell below and right; after a
        // Tanh, so the max pooling's -infinity padding matters, and the average leaves the padding out
        assertEquals(Padding.SAME, ((LayerSpec.Pooling2D) m.model().spec().layers().get(2)).padding());
        assertEquals(Padding.SAME, ((LayerSpec.Pooling2D) m.model().spec().layers().get(5)).padding());
        assertEquals(8, assertMatches(engine, m, reference(DIR, "pool_same")));
    }

    @ParameterizedTest
    @EnumSource(value = Dl4jEngine.Kernels.class, names = {"LAYERS", "NATIVE_OPS"})
    void unevenPoolPadsThatAreNotKerasSameAreRefusedByName(Dl4jEngine.Kernels kernels) throws Exception {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        ImportedModel m = engine.importOnnx(DIR.resolve("pool_uneven.onnx"));
        KerasJson.Imported s = m.structure();
        assertFalse(s.complete());
        assertEquals(List.of("Conv2D", "Activation"), types(m));
        assertEquals("pool_above_left", s.unsupported().get(0).name());
        assertEquals("MaxPool with padding (top, left, bottom, right) = [1, 1, 0, 0]; ConvScope pads every side alike,"
                + " or as Keras' 'same' (the odd cell below and right, left out of the window)",
                s.unsupported().get(0).reason());
        assertEquals(2, assertMatches(engine, m, reference(DIR, "pool_uneven")));
    }

    @ParameterizedTest
    @EnumSource(value = Dl4jEngine.Kernels.class, names = {"LAYERS", "NATIVE_OPS"})
    void pytorchsMinusInfinityPadBeforeMaxPoolWithItsComputedPadsIsSamePooling(Dl4jEngine.Kernels kernels)
            throws Exception {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        ImportedModel m = engine.importOnnx(DIR.resolve("pool_same_torch.onnx"));
        assertTrue(m.structure().complete(), String.valueOf(m.structure().describeOmissions()));
        assertEquals(List.of("Conv2D", "Activation", "MaxPooling2D", "Flatten", "Dense"), types(m));
        // F.pad(x, (0, 1, 0, 1), value=-inf): its pads come from Concat, Reshape, Slice, Transpose and Reshape
        assertEquals(Padding.SAME, ((LayerSpec.Pooling2D) m.model().spec().layers().get(2)).padding());
        assertEquals(5, assertMatches(engine, m, reference(DIR, "pool_same_torch")));
    }
}
