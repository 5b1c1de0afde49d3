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

    /** Every layer the ONNX writer adds for graphs, with trained-looking (random) weights. */
    static ModelSpec joins() {
        List<LayerSpec> layers = List.of(
                new LayerSpec.Conv2D("c1", 6, Size2.square(3), Size2.square(1), Padding.SAME, Activation.LINEAR, true),
                new LayerSpec.ReLU("relu6", 6.0, 0.0, 0.0),
                new LayerSpec.ZeroPadding2D("zpad", 1, 0, 2, 1),
                new LayerSpec.DepthwiseConv2D("dw", Size2.square(3), Size2.square(2), Padding.SAME, 1,
                        Activation.RELU, true),
                new LayerSpec.SeparableConv2D("sep", 5, Size2.square(3), Size2.square(2), Padding.SAME, 2,
                        Activation.LINEAR, true),
                new LayerSpec.Conv2D("side", 4, Size2.square(1), Size2.square(2), Padding.VALID, Activation.TANH, true),
                new LayerSpec.Softmax("chsoft"),
                new LayerSpec.LeakyReLU("leaky", 0.3),
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
        Dl4jEngine engine = new Dl4jEngine();
        List<CompiledModel> models = new java.util.ArrayList<>();
        for (ModelSpec m : List.of(Presets.find("resnet20").orElseThrow(), Presets.find("mobilenet-mini").orElseThrow(),
                joins())) {
            assertTrue(EngineSupport.codeRefusal(m, "onnx").isEmpty(), m.name());
            models.add(engine.compile(m, 21));
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
