package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --to onnx} of graph models round-tripped through ConvScope's own ONNX import: the model that comes
 * back is complete, is a graph, and computes the same outputs as the exported one (Add, Concat, depthwise Conv with
 * group = C, separable as two Convs, ReduceMean/ReduceMax global pooling, Pad, Clip for ReLU6, LeakyRelu, Softmax).
 */
class OnnxGraphExportTest {

    /** Every layer the ONNX writer adds for graphs. */
    static ModelSpec joins() {
        List<LayerSpec> layers = List.of(
                new LayerSpec.Conv2D("c1", 6, Size2.square(3), Size2.square(1), Padding.SAME, Activation.LINEAR, true),
                new LayerSpec.ReLU("relu6", 6.0, 0.0, 0.0),
                // the import folds a Pad into the next Conv's pads, so the padding is even (MobileNet's is not, and
                // then the import refuses: ConvScope's Conv2D pads evenly or as Keras' same)
                new LayerSpec.ZeroPadding2D("zpad", 1, 1, 1, 1),
                new LayerSpec.DepthwiseConv2D("dw", Size2.square(3), Size2.square(2), Padding.VALID, 1,
                        Activation.RELU, true),
                new LayerSpec.SeparableConv2D("sep", 5, Size2.square(3), Size2.square(2), Padding.SAME, 2,
                        Activation.LINEAR, true),
                new LayerSpec.Conv2D("side", 4, Size2.square(1), Size2.square(2), Padding.VALID, Activation.TANH, true),
                new LayerSpec.Softmax("chsoft"),
                new LayerSpec.LeakyReLU("leaky", 0.2), // the import reads slope 0.2 only
                new LayerSpec.Concatenate("cat"),
                new LayerSpec.BatchNormalization("bn", 0.9, 1e-3),
                new LayerSpec.GlobalPooling2D("gmax", LayerSpec.PoolKind.MAX),
                new LayerSpec.Dense("fc", 10, Activation.SOFTMAX, true));
        return new ModelSpec("joins", "", new InputSpec(32, 32, 3), layers, Map.of(
                "side", List.of("dw"), "cat", List.of("sep", "leaky")));
    }

    @Test
    void graphModelsComeBackFromOnnxWithTheSameOutputs(@TempDir Path dir) throws Exception {
        var s = CifarReader.readBundledSample(CancelToken.NEVER, org.convscope.core.task.ProgressSink.NONE);
        Volume image = new CifarTrainingImages(s.test()).image(2);
        LabelledImages train = new CifarTrainingImages(s.train().shuffled(6)).head(64);
        Dl4jEngine engine = new Dl4jEngine();
        List<CompiledModel> models = new java.util.ArrayList<>();
        for (ModelSpec m : List.of(Presets.find("resnet20").orElseThrow(), Presets.find("mobilenet-mini").orElseThrow(),
                joins())) {
            assertTrue(EngineSupport.codeRefusal(m, "onnx").isEmpty(), m.name());
            CompiledModel c = engine.compile(m, 21);
            // a short epoch: fresh MobileNet-style outputs are all alike, and the running statistics move
            engine.train(c, train, train.head(0), new TrainConfig(1, 32, 3e-3, TrainConfig.Optimizer.ADAM, 5, true),
                    TrainingListener.NONE, CancelToken.NEVER);
            models.add(c);
        }
        models.add(engine.importKeras(KerasImportTest.DIR.resolve("resnet_mini.h5")).model());
        for (int i = 0; i < models.size(); i++) {
            CompiledModel m = models.get(i);
            Volume in = i < 3 ? image : KerasImportTest.input(KerasImportTest.expected("resnet_mini"));
            Path file = dir.resolve("m" + i + ".onnx");
            engine.exportOnnx(m, file);
            var back = engine.importOnnx(file);
            String name = m.spec().name();
            assertTrue(back.structure().complete(), name + ": " + back.structure().describeOmissions());
            assertTrue(back.model().spec().isGraph(), name);
            double[] x = engine.forward(m, in).layer(engine.forward(m, in).size()).output().values();
            var b = engine.forward(back.model(), in);
            double[] y = b.layer(b.size()).output().values();
            assertEquals(x.length, y.length, name);
            double worst = 0;
            double spread = 0;
            for (int k = 0; k < x.length; k++) {
                worst = Math.max(worst, Math.abs(x[k] - y[k]));
                spread = Math.max(spread, Math.abs(x[k] - x[0]));
                assertEquals(x[k], y[k], 1e-4, name + " output " + k);
            }
            assertTrue(spread > 1e-4, name + ": the outputs differ from each other, so the comparison means something");
            System.out.printf("%s: ONNX round trip, %d layers back, largest output difference %.3g%n", name,
                    back.model().spec().layers().size(), worst);
        }
    }
}
