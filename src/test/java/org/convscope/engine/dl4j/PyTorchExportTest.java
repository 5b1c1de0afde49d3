package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.InputNormalization;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.io.PyTorchProject;
import org.convscope.io.Presets;
import org.convscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --to pytorch} checked against PyTorch itself: the exported modules have ConvScope's parameter counts,
 * and trained ConvScope weights give ConvScope's outputs in PyTorch (conv kernels HWIO to OIHW, the Dense rows after a
 * flatten from (H, W, C) to (C, H, W) order, batch normalisation's moving variance, Keras' asymmetric same padding).
 */
class PyTorchExportTest {

    static final PyTorchProject.Settings SETTINGS = new PyTorchProject.Settings(1, 32, 1e-3, "adam", 42);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every layout the exporter converts: stride-2 same conv (pad 0 before, 1 after), BN on maps and on a vector. */
    static ModelSpec awkward() {
        return new ModelSpec("awkward", "", new InputSpec(32, 32, 3), List.of(
                new LayerSpec.Conv2D(null, 6, Size2.square(3), Size2.square(2), Padding.SAME, Activation.LEAKY_RELU, true),
                new LayerSpec.BatchNormalization(null, 0.9, 1e-3),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(3), Size2.square(2), Padding.SAME),
                new LayerSpec.Conv2D(null, 5, new Size2(3, 2), Size2.square(1), Padding.SAME, Activation.TANH, false),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE, Size2.square(2), Size2.square(2), Padding.VALID),
                new LayerSpec.Flatten(null),
                new LayerSpec.BatchNormalization(null, 0.5, 1e-3),
                new LayerSpec.Dense(null, 12, Activation.RELU, true),
                new LayerSpec.Dropout(null, 0.25),
                new LayerSpec.Dense(null, 10, Activation.SOFTMAX, true)));
    }

    @Test
    void everyPresetThatFitsHasConvScopesParameterCountInPyTorch(@TempDir Path dir) throws Exception {
        String python = Python.withTorch();
        List<ModelSpec> models = new ArrayList<>();
        for (Presets.Preset p : Presets.all()) {
            if (ModelAnalyzer.analyze(p.model()).totalParams() < 20_000_000) {
                models.add(p.model());
            }
        }
        models.add(awkward());
        assertTrue(models.size() >= 6, "most presets are checked, got " + models.size());
        StringBuilder script = new StringBuilder("import importlib.util, sys\n");
        for (int i = 0; i < models.size(); i++) {
            PyTorchProject.write(models.get(i), null, null, SETTINGS, dir.resolve("m" + i), false);
            script.append("s = importlib.util.spec_from_file_location('m").append(i).append("', '")
                    .append(dir.resolve("m" + i).resolve("model.py")).append("')\n")
                    .append("m = importlib.util.module_from_spec(s); s.loader.exec_module(m)\n")
                    .append("print(").append(i).append(", m.convscope_parameter_count(m.Model()))\n");
        }
        Files.writeString(dir.resolve("count.py"), script);
        Python.Result r = Python.exec(List.of(python, "count.py"), dir, Map.of("OMP_NUM_THREADS", "1"), 300);
        assertEquals(0, r.exit(), r.output());
        String[] lines = r.output().strip().split("\n");
        assertEquals(models.size(), lines.length, r.output());
        for (int i = 0; i < models.size(); i++) {
            assertEquals(i + " " + ModelAnalyzer.analyze(models.get(i)).totalParams(), lines[i].strip(),
                    models.get(i).name());
        }
    }

    @Test
    void trainedConvScopeWeightsGiveConvScopesOutputsInPyTorch(@TempDir Path dir) throws Exception {
        String python = Python.withTorch();
        var s = CifarReader.readBundledSample(CancelToken.NEVER, org.convscope.core.task.ProgressSink.NONE);
        LabelledImages train = new CifarTrainingImages(s.train().shuffled(3)).head(128);
        Dl4jEngine engine = new Dl4jEngine();
        List<ModelSpec> models = List.of(awkward(), Presets.find("tf-cifar-cnn").orElseThrow());
        Volume image = new CifarTrainingImages(s.test()).image(7);
        StringBuilder script = new StringBuilder("import importlib.util, json, numpy as np, torch\nout = []\n");
        List<double[]> expected = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            var model = engine.compile(models.get(i), 11);
            engine.setInputNormalization(model, new InputNormalization(new double[] {0.49, 0.48, 0.45},
                    new double[] {0.25, 0.24, 0.26}));
            engine.train(model, train, train.head(0), new TrainConfig(1, 32, 3e-3, TrainConfig.Optimizer.ADAM, 5, true),
                    TrainingListener.NONE, CancelToken.NEVER);
            var acts = engine.forward(model, image);
            expected.add(acts.layer(acts.size()).output().values());
            PyTorchProject.write(models.get(i), model.inputNormalization().orElseThrow(), engine.kerasWeights(model),
                    SETTINGS, dir.resolve("m" + i), false);
            script.append("s = importlib.util.spec_from_file_location('m").append(i).append("', '")
                    .append(dir.resolve("m" + i).resolve("model.py")).append("')\n")
                    .append("m = importlib.util.module_from_spec(s); s.loader.exec_module(m)\n")
                    .append("net = m.load_convscope_weights(m.Model(), '").append(dir.resolve("m" + i).resolve("weights"))
                    .append("').eval()\n");
            script.append("x = torch.from_numpy(np.load('image.npy')).permute(2, 0, 1).unsqueeze(0)\n")
                    .append("with torch.no_grad(): out.append(net(x)[0].tolist())\n");
        }
        float[] pixels = new float[image.values().length];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (float) image.values()[k];
        }
        Files.write(dir.resolve("image.npy"), npy(image, pixels));
        script.append("print(json.dumps(out))\n");
        Files.writeString(dir.resolve("run.py"), script);
        Python.Result r = Python.exec(List.of(python, "run.py"), dir, Map.of("OMP_NUM_THREADS", "1"), 300);
        assertEquals(0, r.exit(), r.output());
        String[] lines = r.output().strip().split("\n");
        JsonNode got = JSON.readTree(lines[lines.length - 1]);
        for (int i = 0; i < models.size(); i++) {
            assertClose(expected.get(i), got.get(i), models.get(i).name());
        }
    }

    @Test
    void pytorchsOnnxOfTheAwkwardModelOpensInConvScopeWithTheSameOutputs(@TempDir Path dir) throws Exception {
        // model.py's explicit pads (F.pad, whose pads PyTorch computes with Reshape, Slice and Transpose) for the
        // stride-2 same conv (zeros) and the same max pooling (-inf, pads (0, 1, 0, 1)) come back as Keras' same
        String python = Python.withTorch();
        var s = CifarReader.readBundledSample(CancelToken.NEVER, org.convscope.core.task.ProgressSink.NONE);
        LabelledImages train = new CifarTrainingImages(s.train().shuffled(8)).head(96);
        Dl4jEngine engine = new Dl4jEngine();
        var model = engine.compile(awkward(), 19);
        engine.train(model, train, train.head(0), new TrainConfig(1, 32, 3e-3, TrainConfig.Optimizer.ADAM, 5, true),
                TrainingListener.NONE, CancelToken.NEVER);
        Path project = dir.resolve("p");
        PyTorchProject.write(awkward(), null, engine.kerasWeights(model), SETTINGS, project, false);
        Path file = dir.resolve("awkward.onnx");
        Files.writeString(dir.resolve("export.py"), "import sys, model, train\n"
                + "net = model.load_convscope_weights(model.Model(), sys.argv[1]).eval()\n"
                + "train.export_onnx(net, sys.argv[2])\n");
        Python.Result r = Python.exec(List.of(python, "export.py", project.resolve("weights").toString(),
                file.toString()), dir, Map.of("PYTHONPATH", project.toString(), "OMP_NUM_THREADS", "1"), 180);
        assertEquals(0, r.exit(), r.output());
        var back = engine.importOnnx(file);
        assertTrue(back.structure().complete(), String.valueOf(back.structure().describeOmissions()));
        assertEquals(Padding.SAME, ((LayerSpec.Conv2D) back.model().spec().layers().get(0)).padding());
        assertEquals(Padding.SAME, ((LayerSpec.Pooling2D) back.model().spec().layers().stream()
                .filter(l -> l instanceof LayerSpec.Pooling2D).findFirst().orElseThrow()).padding());
        Volume image = new CifarTrainingImages(s.test()).image(5);
        var a = engine.forward(model, image);
        var b = engine.forward(back.model(), image);
        double[] x = a.layer(a.size()).output().values();
        double[] y = b.layer(b.size()).output().values();
        assertEquals(x.length, y.length);
        for (int k = 0; k < x.length; k++) {
            assertEquals(x[k], y[k], 1e-4, "output " + k);
        }
    }

    /** The image as an {@code (H, W, C)} float32 .npy, via the exporter's own writer. */
    static byte[] npy(Volume v, float[] pixels) {
        return PyTorchProject.npy(new int[] {v.height(), v.width(), v.channels()}, pixels);
    }

    static void assertClose(double[] expected, JsonNode got, String what) {
        assertEquals(expected.length, got.size(), what);
        double spread = 0;
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], got.get(k).asDouble(), 1e-4, what + " output " + k);
            spread = Math.max(spread, Math.abs(expected[k] - expected[0]));
        }
        assertTrue(spread > 1e-3, what + ": the outputs differ from each other, so the comparison means something");
    }
}
