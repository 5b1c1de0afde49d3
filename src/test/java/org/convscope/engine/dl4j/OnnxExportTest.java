package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.convscope.app.ModelFiles;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.io.Presets;
import org.convscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --to onnx}: the written file opens again in ConvScope with the same outputs, and onnx.checker accepts it. */
class OnnxExportTest {

    @Test
    void trainedModelsOpenAgainWithIdenticalOutputs(@TempDir Path dir) throws Exception {
        var s = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE);
        LabelledImages train = new CifarTrainingImages(s.train().shuffled(5)).head(96);
        Volume image = new CifarTrainingImages(s.test()).image(11);
        Dl4jEngine engine = new Dl4jEngine();
        // awkward's same max pooling, 3x3 with stride 2 on 16x16, pads (0, 0, 1, 1): the import reads it as same; a
        // same average pooling (count_include_pad 0) with the odd cell after it as well
        ModelSpec awkward = PyTorchExportTest.awkward();
        ModelSpec averaged = awkward.withLayer(2, new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.AVERAGE,
                Size2.square(3), Size2.square(2), Padding.SAME));
        List<ModelSpec> models = List.of(awkward, averaged, Presets.find("tf-cifar-cnn").orElseThrow());
        StringBuilder check = new StringBuilder("import onnx\n");
        for (int i = 0; i < models.size(); i++) {
            var model = engine.compile(models.get(i), 13);
            engine.train(model, train, train.head(0), new TrainConfig(1, 32, 3e-3, TrainConfig.Optimizer.ADAM, 5, true),
                    TrainingListener.NONE, CancelToken.NEVER);
            Path file = dir.resolve("m" + i + ".onnx");
            engine.exportOnnx(model, file);
            var opened = ModelFiles.open(file, () -> engine);
            assertEquals(ModelFiles.Kind.ONNX, opened.kind());
            assertEquals(List.of(), opened.notes(), models.get(i).name() + ": every layer is read");
            var back = opened.weights().orElseThrow();
            var a = engine.forward(model, image);
            var b = engine.forward(back, image);
            double[] x = a.layer(a.size()).output().values();
            double[] y = b.layer(b.size()).output().values();
            assertEquals(x.length, y.length, models.get(i).name());
            for (int k = 0; k < x.length; k++) {
                assertEquals(x[k], y[k], 1e-5, models.get(i).name() + " output " + k);
            }
            assertEquals(engine.kerasWeights(model).stream().mapToInt(List::size).sum(),
                    engine.kerasWeights(back).stream().mapToInt(List::size).sum(), "every tensor comes back");
            check.append("m = onnx.load('").append(file).append("')\nonnx.checker.check_model(m, full_check=True)\n")
                    .append("print(m.opset_import[0].version, len(m.graph.node))\n");
        }
        String python = Python.withTorch();
        Python.Result r = Python.exec(List.of(python, "-c", check.toString()), dir, Map.of(), 120);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().strip().startsWith("13 "), r.output());
    }
}
