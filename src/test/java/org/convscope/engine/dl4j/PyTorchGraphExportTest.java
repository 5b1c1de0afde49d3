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
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.EngineSupport;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.data.CifarReader;
import org.convscope.data.CifarTrainingImages;
import org.convscope.engine.CompiledModel;
import org.convscope.io.PyTorchProject;
import org.convscope.io.Presets;
import org.convscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --to pytorch} of graph models checked against PyTorch itself: the residual and MobileNet-style presets,
 * the imported Keras ResNet fixture and a model with every other graph-only layer have ConvScope's parameter count in
 * PyTorch (parameters plus batch normalisation's running mean and variance, which PyTorch keeps as buffers), and with
 * the exported weights PyTorch computes ConvScope's engine output on the same image.
 */
class PyTorchGraphExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Concatenate, dilation, ZeroPadding2D, separable (dm 2), depthwise with bias, ReLU variants, LeakyReLU, Rescaling, Softmax. */
    static ModelSpec everyJoin() {
        List<LayerSpec> layers = List.of(
                new LayerSpec.Rescaling("scale", 2.0, -0.5),
                new LayerSpec.Conv2D("dil", 6, Size2.square(3), Size2.square(1), Padding.SAME, Activation.LINEAR, true,
                        Size2.square(2)),
                new LayerSpec.ReLU("relu6", 6.0, 0.0, 0.0),
                new LayerSpec.ZeroPadding2D("zpad", 1, 0, 2, 1),
                new LayerSpec.DepthwiseConv2D("dw", Size2.square(3), Size2.square(2), Padding.SAME, 1,
                        Activation.RELU, true),
                new LayerSpec.SeparableConv2D("sep", 5, Size2.square(3), Size2.square(2), Padding.SAME, 2,
                        Activation.LINEAR, true),
                new LayerSpec.ReLU("leakyish", null, 0.1, 0.2),
                new LayerSpec.Conv2D("side", 4, Size2.square(1), Size2.square(2), Padding.VALID, Activation.TANH, true),
                new LayerSpec.Softmax("chsoft"),
                new LayerSpec.LeakyReLU("leaky", 0.3),
                new LayerSpec.Concatenate("cat"),
                new LayerSpec.BatchNormalization("bn", 0.9, 1e-3),
                new LayerSpec.GlobalPooling2D("gmax", LayerSpec.PoolKind.MAX),
                new LayerSpec.Dense("fc", 10, Activation.SOFTMAX, true));
        return new ModelSpec("every-join", "", new InputSpec(32, 32, 3), layers, Map.of(
                "side", List.of("dw"), "cat", List.of("leakyish", "leaky")));
    }

    @Test
    void graphModelsHaveConvScopesCountAndOutputsInPyTorch(@TempDir Path dir) throws Exception {
        String python = Python.withTorch();
        var s = CifarReader.readBundledSample(CancelToken.NEVER, org.convscope.core.task.ProgressSink.NONE);
        LabelledImages train = new CifarTrainingImages(s.train().shuffled(4)).head(64);
        Volume image = new CifarTrainingImages(s.test()).image(3);
        Dl4jEngine engine = new Dl4jEngine();
        List<CompiledModel> models = new ArrayList<>();
        for (ModelSpec m : List.of(Presets.find("resnet20").orElseThrow(),
                Presets.find("mobilenet-mini").orElseThrow(), everyJoin())) {
            assertTrue(EngineSupport.codeRefusal(m, "pytorch").isEmpty(), m.name());
            CompiledModel c = engine.compile(m, 13);
            // one short epoch moves batch normalisation's running statistics away from 0 and 1
            engine.train(c, train, train.head(0), new TrainConfig(1, 32, 3e-3, TrainConfig.Optimizer.ADAM, 5, true),
                    TrainingListener.NONE, CancelToken.NEVER);
            models.add(c);
        }
        models.add(engine.importKeras(KerasImportTest.DIR.resolve("resnet_mini.h5")).model());
        StringBuilder script = new StringBuilder("import importlib.util, json, numpy as np, torch\nout = []\n");
        List<double[]> expected = new ArrayList<>();
        List<Long> params = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            CompiledModel c = models.get(i);
            ModelSpec spec = c.spec();
            assertTrue(spec.isGraph(), spec.name());
            Volume in = i < 3 ? image : KerasImportTest.input(KerasImportTest.expected("resnet_mini"));
            var acts = engine.forward(c, in);
            expected.add(acts.layer(acts.size()).output().values());
            ModelAnalysis a = ModelAnalyzer.analyze(spec);
            params.add(a.trainableParams() + a.nonTrainableParams());
            Path project = dir.resolve("m" + i);
            PyTorchProject.write(spec, c.inputNormalization().orElse(null), engine.kerasWeights(c),
                    PyTorchExportTest.SETTINGS, project, false);
            float[] pixels = new float[in.values().length];
            for (int k = 0; k < pixels.length; k++) {
                pixels[k] = (float) in.values()[k];
            }
            Files.write(dir.resolve("image" + i + ".npy"), PyTorchExportTest.npy(in, pixels));
            script.append("s = importlib.util.spec_from_file_location('m").append(i).append("', '")
                    .append(project.resolve("model.py")).append("')\n")
                    .append("m = importlib.util.module_from_spec(s); s.loader.exec_module(m)\n")
                    .append("net = m.load_convscope_weights(m.Model(), '").append(project.resolve("weights"))
                    .append("').eval()\n")
                    .append("x = torch.from_numpy(np.load('image").append(i)
                    .append(".npy')).permute(2, 0, 1).unsqueeze(0)\n")
                    .append("buffers = sum(b.numel() for n, b in net.named_buffers() if 'running' in n)\n")
                    .append("with torch.no_grad(): out.append([sum(p.numel() for p in net.parameters()), buffers,"
                            + " m.convscope_parameter_count(net), net(x)[0].tolist()])\n");
        }
        script.append("print(json.dumps(out))\n");
        Files.writeString(dir.resolve("run.py"), script);
        Python.Result r = Python.exec(List.of(python, "run.py"), dir, Map.of("OMP_NUM_THREADS", "1"), 300);
        assertEquals(0, r.exit(), r.output());
        String[] lines = r.output().strip().split("\n");
        JsonNode got = JSON.readTree(lines[lines.length - 1]);
        for (int i = 0; i < models.size(); i++) {
            String name = models.get(i).spec().name();
            JsonNode g = got.get(i);
            System.out.printf("%s: ConvScope %d parameters; torch parameters %d + running buffers %d%n", name,
                    params.get(i), g.get(0).asLong(), g.get(1).asLong());
            assertEquals(params.get(i).longValue(), g.get(0).asLong() + g.get(1).asLong(), name);
            assertEquals(params.get(i).longValue(), g.get(2).asLong(), name);
            double worst = 0;
            for (int k = 0; k < expected.get(i).length; k++) {
                worst = Math.max(worst, Math.abs(expected.get(i)[k] - g.get(3).get(k).asDouble()));
            }
            System.out.printf("%s: largest |ConvScope - torch| output difference %.3g%n", name, worst);
            PyTorchExportTest.assertClose(expected.get(i), g.get(3), name);
        }
    }
}
