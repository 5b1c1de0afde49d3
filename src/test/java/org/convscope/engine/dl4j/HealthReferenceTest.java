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
import java.util.Random;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.HealthReport;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.LayerHealth;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.io.PyTorchProject;
import org.convscope.testing.Python;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The learning-health numbers of one training step equal PyTorch's for the same network, weights and batch
 * ({@code src/test/resources/health/health_reference.py}): each weighted layer's gradient norm {@code ||dL/dW||},
 * its update ratio {@code ||dW|| / ||W||} after one SGD (Nesterov momentum 0.9) or Adam step, and each ReLU's share of
 * zero outputs, on both training paths, within 1e-4 relative.
 */
class HealthReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ModelSpec small() {
        return new ModelSpec("health", "", new InputSpec(8, 8, 3), List.of(
                new LayerSpec.Conv2D(null, 4, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(2), Padding.VALID),
                new LayerSpec.Conv2D(null, 5, Size2.square(3), Size2.square(1), Padding.VALID, Activation.LINEAR, true),
                new LayerSpec.ActivationLayer(null, Activation.RELU),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 6, Activation.RELU, true),
                new LayerSpec.Dense(null, 3, Activation.SOFTMAX, true)));
    }

    /** Five random images (values -1..1) with labels 0, 1, 2, 0, 1. */
    static LabelledImages batch() {
        Random r = new Random(5);
        List<Volume> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            double[] v = new double[8 * 8 * 3];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (2 * r.nextDouble() - 1);
            }
            images.add(new Volume(8, 8, 3, v));
        }
        return LabelledImages.of(5, 8, 8, 3, 3, i -> i % 3, images::get);
    }

    @ParameterizedTest
    @CsvSource({"LAYERS, SGD_MOMENTUM", "LAYERS, ADAM", "NATIVE_OPS, SGD_MOMENTUM", "NATIVE_OPS, ADAM"})
    void oneStepsHealthEqualsPyTorchs(Dl4jEngine.Kernels kernels, TrainConfig.Optimizer optimizer, @TempDir Path dir)
            throws Exception {
        String python = Python.withTorch();
        Dl4jEngine engine = new Dl4jEngine(kernels);
        var model = engine.compile(small(), 7);
        PyTorchProject.write(small(), null, engine.kerasWeights(model), new PyTorchProject.Settings(1, 5, 0.01,
                "adam", 1), dir.resolve("project"), false);
        LabelledImages images = batch();
        float[] pixels = new float[5 * 8 * 8 * 3];
        for (int i = 0; i < 5; i++) {
            images.copyImage(i, pixels, i * 8 * 8 * 3);
        }
        Files.write(dir.resolve("x.npy"), PyTorchProject.npy(new int[] {5, 8, 8, 3}, pixels));
        List<HealthReport> reports = new ArrayList<>();
        double lr = 0.01;
        engine.train(model, images, images.head(0), new TrainConfig(1, 5, lr, optimizer, 3, false),
                new TrainingListener() {
                    @Override
                    public boolean wantsHealth() {
                        return true;
                    }

                    @Override
                    public void onHealth(HealthReport e) {
                        reports.add(e);
                    }
                }, CancelToken.NEVER);
        assertEquals(1, reports.size(), "one batch, measured");
        Path script = Path.of("src/test/resources/health/health_reference.py").toAbsolutePath();
        Python.Result r = Python.exec(List.of(python, script.toString(), dir.resolve("project").toString(),
                dir.resolve("x.npy").toString(), "0,1,2,0,1", Double.toString(lr),
                optimizer == TrainConfig.Optimizer.ADAM ? "adam" : "sgd"), dir, Map.of("OMP_NUM_THREADS", "1"), 120);
        assertEquals(0, r.exit(), r.output());
        String[] lines = r.output().strip().split("\n");
        JsonNode torch = JSON.readTree(lines[lines.length - 1]);
        List<LayerHealth> weighted = reports.get(0).layers().stream().filter(LayerHealth::hasWeights).toList();
        List<LayerHealth> relus = reports.get(0).layers().stream().filter(LayerHealth::hasRelu).toList();
        assertEquals(torch.get("grad_norm").size(), weighted.size(), r.output());
        assertEquals(torch.get("zero_share").size(), relus.size(), r.output());
        String where = kernels + " " + optimizer + ": ConvScope " + reports.get(0).layers() + ", PyTorch " + torch;
        for (int k = 0; k < weighted.size(); k++) {
            close(torch.get("grad_norm").get(k).asDouble(), weighted.get(k).gradientNorm(), "gradient norm " + k, where);
            close(torch.get("update_ratio").get(k).asDouble(), weighted.get(k).updateRatio(), "update ratio " + k, where);
        }
        for (int k = 0; k < relus.size(); k++) {
            assertEquals(torch.get("zero_share").get(k).asDouble(), relus.get(k).zeroShare(), 1e-12, "zero share " + k + " " + where);
        }
        System.out.println(where);
    }

    private static void close(double expected, double actual, String what, String where) {
        assertTrue(expected > 0, what + " is positive in PyTorch: " + where);
        assertEquals(expected, actual, 1e-4 * Math.abs(expected), what + ": " + where);
    }
}
