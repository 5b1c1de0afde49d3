package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.convscope.app.ModelFiles;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.InputNormalization;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.CompiledModel;
import org.convscope.io.Presets;
import org.convscope.io.PyTorchProject;
import org.convscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that standardises its input, {@code (x - mean) / std} per channel, exported as ONNX (ConvScope's own
 * {@code Sub} and {@code Div}, and PyTorch's {@code torch.onnx.export} of the exported {@code model.py}), opens again
 * in ConvScope with that standardisation and the same outputs (within 1e-4).
 */
class OnnxStandardizationTest {

    private static final InputNormalization STATS = new InputNormalization(new double[] {0.49, 0.48, 0.45},
            new double[] {0.25, 0.24, 0.26});

    private record Trained(Dl4jEngine engine, CompiledModel model, Volume image) {
    }

    private static Trained trained() throws Exception {
        var s = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE);
        LabelledImages train = new CifarTrainingImages(s.train().shuffled(4)).head(96);
        Dl4jEngine engine = new Dl4jEngine();
        ModelSpec spec = Presets.find("tf-cifar-cnn").orElseThrow();
        var model = engine.compile(spec, 17);
        engine.setInputNormalization(model, STATS);
        engine.train(model, train, train.head(0), new TrainConfig(1, 32, 3e-3, TrainConfig.Optimizer.ADAM, 5, true),
                TrainingListener.NONE, CancelToken.NEVER);
        return new Trained(engine, model, new CifarTrainingImages(s.test()).image(3));
    }

    private static void assertSameOutputsAndStandardisation(Trained t, Path file) throws Exception {
        var opened = ModelFiles.open(file, t::engine);
        assertEquals(List.of(), opened.notes(), "every node is read, the Sub and Div included");
        CompiledModel back = opened.weights().orElseThrow();
        InputNormalization n = back.inputNormalization().orElseThrow();
        // float32 in the file
        assertArrayEquals(STATS.mean(), n.mean(), 1e-7);
        assertArrayEquals(STATS.std(), n.std(), 1e-7);
        var a = t.engine().forward(t.model(), t.image());
        var b = t.engine().forward(back, t.image());
        double[] x = a.layer(a.size()).output().values();
        double[] y = b.layer(b.size()).output().values();
        assertEquals(x.length, y.length);
        double spread = 0;
        for (int k = 0; k < x.length; k++) {
            assertEquals(x[k], y[k], 1e-4, "output " + k);
            spread = Math.max(spread, Math.abs(x[k] - x[0]));
        }
        assertTrue(spread > 1e-3, "the outputs differ from each other, so equal outputs mean something");
        // without the standardisation the outputs would differ: the check can fail
        var unstandardised = t.engine().copy(back);
        t.engine().setInputNormalization(unstandardised, null);
        var c = t.engine().forward(unstandardised, t.image());
        double[] z = c.layer(c.size()).output().values();
        double diff = 0;
        for (int k = 0; k < x.length; k++) {
            diff = Math.max(diff, Math.abs(x[k] - z[k]));
        }
        assertTrue(diff > 1e-3, "the standardisation changes the outputs: " + diff);
    }

    @Test
    void convScopesOnnxOfAStandardisedModelOpensWithItsStandardisation(@TempDir Path dir) throws Exception {
        Trained t = trained();
        Path file = dir.resolve("std.onnx");
        t.engine().exportOnnx(t.model(), file);
        assertSameOutputsAndStandardisation(t, file);
    }

    @Test
    void pytorchsOnnxOfTheExportedModelPyOpensWithItsStandardisation(@TempDir Path dir) throws Exception {
        String python = Python.withTorch();
        Trained t = trained();
        Path project = dir.resolve("p");
        PyTorchProject.write(t.model().spec(), t.model().inputNormalization().orElseThrow(),
                t.engine().kerasWeights(t.model()), new PyTorchProject.Settings(1, 32, 1e-3, "adam", 42), project, false);
        Path file = dir.resolve("torch.onnx");
        Files.writeString(dir.resolve("export.py"), "import sys, model, train\n"
                + "net = model.load_convscope_weights(model.Model(), sys.argv[1]).eval()\n"
                + "train.export_onnx(net, sys.argv[2])\n");
        Python.Result r = Python.exec(List.of(python, "export.py", project.resolve("weights").toString(),
                file.toString()), dir, Map.of("PYTHONPATH", project.toString(), "OMP_NUM_THREADS", "1"), 180);
        assertEquals(0, r.exit(), r.output());
        assertSameOutputsAndStandardisation(t, file);
    }
}
