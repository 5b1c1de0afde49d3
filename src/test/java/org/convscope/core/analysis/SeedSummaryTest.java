package org.convscope.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.model.ModelSpec;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;

/**
 * Every bundled preset reproduces, layer by layer, the {@code model.summary()} table of its seed tutorial
 * (or the well-known Keras numbers where the seed prints none).
 */
class SeedSummaryTest {

    /** One expected row: Keras layer name, Keras output shape, {@code Param #}. */
    private record Row(String name, String shape, long params) {
    }

    private static Row row(String name, String shape, long params) {
        return new Row(name, shape, params);
    }

    private static ModelSpec preset(String id) {
        return Presets.find(id).orElseThrow(() -> new AssertionError("no preset " + id));
    }

    /** Analyses a preset and compares it with the expected table and totals. */
    private static ModelAnalysis assertTable(String id, List<Row> rows, long total, long trainable, long nonTrainable) {
        ModelAnalysis a = ModelAnalyzer.analyze(preset(id));
        assertTrue(a.valid(), () -> id + ": " + a.problem().map(LayerProblem::describe).orElse(""));
        assertEquals(rows.size(), a.layers().size(), id + ": number of layers");
        for (int i = 0; i < rows.size(); i++) {
            Row want = rows.get(i);
            LayerInfo got = a.layers().get(i);
            String where = id + " layer " + (i + 1) + " (" + want.name() + ")";
            assertEquals(i + 1, got.index(), where + ": index");
            assertEquals(want.name(), got.name(), where + ": name");
            assertEquals(want.shape(), got.output().keras(), where + ": output shape");
            assertEquals(want.params(), got.params(), where + ": Param #");
        }
        assertEquals(total, a.totalParams(), id + ": total params");
        assertEquals(trainable, a.trainableParams(), id + ": trainable params");
        assertEquals(nonTrainable, a.nonTrainableParams(), id + ": non-trainable params");
        long sum = 0;
        for (Row r : rows) {
            sum += r.params();
        }
        assertEquals(total, sum, id + ": the expected rows add up to the expected total");
        return a;
    }

    @Test
    void everyPresetIsCoveredHere() {
        assertEquals(List.of("tf-cifar-cnn", "seed-conv-gray", "seed-conv-rgb", "seed000-vgg-style", "seed003-small",
                "seed003-bigger", "vgg16", "lenet5", "keras-mnist-convnet", "resnet20", "mobilenet-mini"), Presets.ids());
    }

    // TensorFlow CIFAR-10 CNN, seed 001 lines 195-199 and 225-227 (the seed shows the code, not the table):
    // the well-known model.summary() of tensorflow.org/tutorials/images/cnn.
    @Test
    void tfCifarCnn() {
        ModelAnalysis a = assertTable("tf-cifar-cnn", List.of(
                row("conv2d", "(None, 30, 30, 32)", 896),
                row("max_pooling2d", "(None, 15, 15, 32)", 0),
                row("conv2d_1", "(None, 13, 13, 64)", 18496),
                row("max_pooling2d_1", "(None, 6, 6, 64)", 0),
                row("conv2d_2", "(None, 4, 4, 64)", 36928),
                row("flatten", "(None, 1024)", 0),
                row("dense", "(None, 64)", 65600),
                row("dense_1", "(None, 10)", 650)),
                122_570, 122_570, 0);
        // 30*30*32*27 + 13*13*64*288 + 4*4*64*576 + 1024*64 + 64*10
        assertEquals(4_548_608L, a.totalMacs());
        assertEquals(List.of(777_600L, 0L, 3_115_008L, 0L, 589_824L, 0L, 65_536L, 640L),
                a.layers().stream().map(LayerInfo::macs).toList());
        assertEquals(122_570L * 4, a.weightBytes());
    }

    // seed 000, lines 341-348 (plain summary) and 557-559 (table "Params for grayscale").
    @Test
    void seedConvGray() {
        assertTable("seed-conv-gray", List.of(
                row("conv2d", "(None, 222, 222, 64)", 640)),
                640, 640, 0);
    }

    // seed 000, lines 580-582 (table "Params for 3-channel colors").
    @Test
    void seedConvRgb() {
        assertTable("seed-conv-rgb", List.of(
                row("conv2d", "(None, 222, 222, 64)", 1792)),
                1792, 1792, 0);
    }

    // seed 000, lines 1131-1138 (blocks 1-2), 1155-1158 (block 3) and 1208-1219 (blocks 4-6);
    // the seed prints no total: 385,931,075 is the sum of its rows.
    @Test
    void seed000VggStyle() {
        assertTable("seed000-vgg-style", List.of(
                row("conv2d", "(None, 224, 224, 64)", 1792),
                row("conv2d_1", "(None, 224, 224, 64)", 36928),
                row("max_pooling2d", "(None, 223, 223, 64)", 0),
                row("conv2d_2", "(None, 223, 223, 128)", 73856),
                row("conv2d_3", "(None, 223, 223, 128)", 147584),
                row("max_pooling2d_1", "(None, 111, 111, 128)", 0),
                row("conv2d_4", "(None, 111, 111, 256)", 295168),
                row("conv2d_5", "(None, 111, 111, 256)", 590080),
                row("conv2d_6", "(None, 111, 111, 256)", 590080),
                row("max_pooling2d_2", "(None, 55, 55, 256)", 0),
                row("conv2d_7", "(None, 55, 55, 512)", 1180160),
                row("conv2d_8", "(None, 55, 55, 512)", 2359808),
                row("conv2d_9", "(None, 55, 55, 512)", 2359808),
                row("max_pooling2d_3", "(None, 27, 27, 512)", 0),
                row("conv2d_10", "(None, 27, 27, 512)", 2359808),
                row("conv2d_11", "(None, 27, 27, 512)", 2359808),
                row("conv2d_12", "(None, 27, 27, 512)", 2359808),
                row("max_pooling2d_4", "(None, 13, 13, 512)", 0),
                row("flatten", "(None, 86528)", 0),
                row("dense", "(None, 4096)", 354422784),
                row("dense_1", "(None, 4096)", 16781312),
                row("dense_2", "(None, 3)", 12291)),
                385_931_075, 385_931_075, 0);
    }

    // seed 003, lines 263-279.
    @Test
    void seed003Small() {
        assertTable("seed003-small", List.of(
                row("conv2d", "(None, 30, 30, 10)", 280),
                row("max_pooling2d", "(None, 15, 15, 10)", 0),
                row("flatten", "(None, 2250)", 0),
                row("dense", "(None, 100)", 225100),
                row("dense_1", "(None, 10)", 1010)),
                226_390, 226_390, 0);
    }

    // seed 003, lines 392-415. The seed's names (conv2d_30, max_pooling2d_20, flatten_10, dense_19...) come from
    // a notebook that had built earlier models; a fresh model numbers from zero, as here.
    @Test
    void seed003Bigger() {
        assertTable("seed003-bigger", List.of(
                row("conv2d", "(None, 30, 30, 8)", 224),
                row("max_pooling2d", "(None, 15, 15, 8)", 0),
                row("conv2d_1", "(None, 13, 13, 512)", 37376),
                row("max_pooling2d_1", "(None, 6, 6, 512)", 0),
                row("conv2d_2", "(None, 4, 4, 256)", 1179904),
                row("flatten", "(None, 4096)", 0),
                row("dense", "(None, 100)", 409700),
                row("dense_1", "(None, 10)", 1010)),
                1_628_214, 1_628_214, 0);
    }

    // seed 003, lines 648-699 (keras.applications.VGG16; its input_1 InputLayer row is the model's input here and
    // its names block1_conv1 ... predictions are keras.applications' own; the preset leaves names automatic).
    @Test
    void vgg16() {
        assertTable("vgg16", List.of(
                row("conv2d", "(None, 224, 224, 64)", 1792),
                row("conv2d_1", "(None, 224, 224, 64)", 36928),
                row("max_pooling2d", "(None, 112, 112, 64)", 0),
                row("conv2d_2", "(None, 112, 112, 128)", 73856),
                row("conv2d_3", "(None, 112, 112, 128)", 147584),
                row("max_pooling2d_1", "(None, 56, 56, 128)", 0),
                row("conv2d_4", "(None, 56, 56, 256)", 295168),
                row("conv2d_5", "(None, 56, 56, 256)", 590080),
                row("conv2d_6", "(None, 56, 56, 256)", 590080),
                row("max_pooling2d_2", "(None, 28, 28, 256)", 0),
                row("conv2d_7", "(None, 28, 28, 512)", 1180160),
                row("conv2d_8", "(None, 28, 28, 512)", 2359808),
                row("conv2d_9", "(None, 28, 28, 512)", 2359808),
                row("max_pooling2d_3", "(None, 14, 14, 512)", 0),
                row("conv2d_10", "(None, 14, 14, 512)", 2359808),
                row("conv2d_11", "(None, 14, 14, 512)", 2359808),
                row("conv2d_12", "(None, 14, 14, 512)", 2359808),
                row("max_pooling2d_4", "(None, 7, 7, 512)", 0),
                row("flatten", "(None, 25088)", 0),
                row("dense", "(None, 4096)", 102764544),
                row("dense_1", "(None, 4096)", 16781312),
                row("dense_2", "(None, 1000)", 4097000)),
                138_357_544, 138_357_544, 0);
    }

    // LeNet-5 as usually built in Keras (no seed table): 6 and 16 5x5 tanh convolutions, average pooling, 120-84-10.
    @Test
    void lenet5() {
        assertTable("lenet5", List.of(
                row("conv2d", "(None, 28, 28, 6)", 156),
                row("average_pooling2d", "(None, 14, 14, 6)", 0),
                row("conv2d_1", "(None, 10, 10, 16)", 2416),
                row("average_pooling2d_1", "(None, 5, 5, 16)", 0),
                row("flatten", "(None, 400)", 0),
                row("dense", "(None, 120)", 48120),
                row("dense_1", "(None, 84)", 10164),
                row("dense_2", "(None, 10)", 850)),
                61_706, 61_706, 0);
    }

    // seed 004, lines 90-101 (the seed's table stops after dropout); the dense row and the total
    // 34,826 are the well-known values of the keras.io MNIST convnet.
    @Test
    void kerasMnistConvnet() {
        assertTable("keras-mnist-convnet", List.of(
                row("conv2d", "(None, 26, 26, 32)", 320),
                row("max_pooling2d", "(None, 13, 13, 32)", 0),
                row("conv2d_1", "(None, 11, 11, 64)", 18496),
                row("max_pooling2d_1", "(None, 5, 5, 64)", 0),
                row("flatten", "(None, 1600)", 0),
                row("dropout", "(None, 1600)", 0),
                row("dense", "(None, 10)", 16010)),
                34_826, 34_826, 0);
    }

    @Test
    void summaryTableOfSeed003SmallReadsLikeKeras() {
        ModelAnalysis a = ModelAnalyzer.analyze(preset("seed003-small"));
        String text = SummaryTable.render(a, false);
        List<String> lines = text.lines().toList();
        assertEquals("Model: \"CIFAR-10 small CNN\"", lines.get(0));
        assertTrue(text.contains("Total params: 226,390\n"), text);
        assertTrue(text.contains("Trainable params: 226,390\n"), text);
        assertTrue(text.contains("Non-trainable params: 0\n"), text);
        assertTrue(text.endsWith("\n"), text);
        String conv = lines.stream().filter(l -> l.contains("conv2d (Conv2D)")).findFirst()
                .orElseThrow(() -> new AssertionError("no conv2d row in\n" + text));
        assertTrue(conv.contains("(None, 30, 30, 10)"), conv);
        assertTrue(conv.stripTrailing().endsWith(" 280"), conv);
        assertTrue(conv.indexOf("conv2d (Conv2D)") < conv.indexOf("(None, 30, 30, 10)"), conv);
        assertTrue(conv.indexOf("(None, 30, 30, 10)") < conv.indexOf("280"), conv);
        String dense = lines.stream().filter(l -> l.contains("dense (Dense)")).findFirst().orElseThrow();
        assertTrue(dense.contains("(None, 100)") && dense.stripTrailing().endsWith(" 225100"), dense);
        assertTrue(lines.stream().anyMatch(l -> l.contains("dense_1 (Dense)") && l.contains("(None, 10)")
                && l.stripTrailing().endsWith(" 1010")), text);
        assertTrue(lines.stream().anyMatch(l -> l.contains("max_pooling2d (MaxPooling2D)")
                && l.contains("(None, 15, 15, 10)")), text);
        assertTrue(!text.contains("MACs"), text);

        // with MACs: 30*30*10*27 + 2250*100 + 100*10
        String withMacs = SummaryTable.render(a, true);
        assertTrue(withMacs.contains("MACs per image: 469,000\n"), withMacs);
        assertTrue(withMacs.lines().anyMatch(l -> l.contains("conv2d (Conv2D)") && l.contains("280")
                && l.stripTrailing().endsWith(" 243000")), withMacs);
    }

    @Test
    void thousandsSeparators() {
        assertEquals("1,628,214", SummaryTable.thousands(1_628_214));
        assertEquals("138,357,544", SummaryTable.thousands(138_357_544));
        assertEquals("640", SummaryTable.thousands(640));
        assertEquals("0", SummaryTable.thousands(0));
    }

    @Test
    void automaticNamesFollowKeras() {
        ModelSpec cifar = preset("tf-cifar-cnn");
        List<String> expected = List.of("conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "conv2d_2",
                "flatten", "dense", "dense_1");
        assertEquals(expected, ModelAnalyzer.layerNames(cifar));
        List<String> analysed = new ArrayList<>();
        ModelAnalyzer.analyze(cifar).layers().forEach(l -> analysed.add(l.name()));
        assertEquals(expected, analysed);
        assertEquals(List.of("conv2d", "average_pooling2d", "conv2d_1", "average_pooling2d_1", "flatten", "dense",
                "dense_1", "dense_2"), ModelAnalyzer.layerNames(preset("lenet5")));
        assertEquals(List.of("conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dropout", "dense"),
                ModelAnalyzer.layerNames(preset("keras-mnist-convnet")));
    }
}
