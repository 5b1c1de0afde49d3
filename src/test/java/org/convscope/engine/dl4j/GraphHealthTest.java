package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.LayerHealth;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;
import org.convscope.core.train.WeightHistogram;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Learning health of a graph model: two convolutions joined by an Add, then a ReLU, Flatten and Dense. One measured
 * batch's numbers equal an independent computation from the same weights and batch: the gradient of DL4J's
 * {@code computeGradientAndScore} (of the summed loss; divided by the batch size), its norm summed here; the first SGD
 * step with Nesterov momentum 0.9 from zero velocity, {@code (1 + 0.9) * lr * g}; the ReLU zeros counted here in the
 * layers' training-pass outputs.
 */
class GraphHealthTest {

    /** 8x8x3 input; conv {@code a} (ReLU) feeds conv {@code b} (linear); {@code sum = a + b}, then ReLU. */
    static ModelSpec joined() {
        return new ModelSpec("joined", "", new InputSpec(8, 8, 3), List.of(
                new LayerSpec.Conv2D("a", 4, Size2.square(3), Size2.square(1), Padding.SAME, Activation.RELU, true),
                new LayerSpec.Conv2D("b", 4, Size2.square(3), Size2.square(1), Padding.SAME, Activation.LINEAR, true),
                new LayerSpec.Add("sum"),
                new LayerSpec.ActivationLayer("act", Activation.RELU),
                new LayerSpec.Flatten("flat"),
                new LayerSpec.Dense("out", 3, Activation.SOFTMAX, true)),
                Map.of("sum", List.of("a", "b")));
    }

    @Test
    void oneBatchsHealthEqualsAnIndependentComputation() {
        oneBatchsHealth(Dl4jEngine.Kernels.LAYERS);
    }

    /** The same batch trained on NativeOpsGraph (where graphs train when oneDNN is loaded) gives the same health. */
    @Test
    void oneBatchsHealthOnTheNativeOpsPathEqualsTheSameIndependentComputation() {
        oneBatchsHealth(Dl4jEngine.Kernels.NATIVE_OPS);
    }

    private static void oneBatchsHealth(Dl4jEngine.Kernels kernels) {
        Dl4jEngine engine = new Dl4jEngine(kernels);
        Dl4jModel model = (Dl4jModel) engine.compile(joined(), 11);
        assertTrue(model.isGraph());
        LabelledImages images = HealthReferenceTest.batch();
        double lr = 0.05;
        TrainConfig config = new TrainConfig(1, 5, lr, TrainConfig.Optimizer.SGD_MOMENTUM, 3, false);

        // the reference, on a copy with the same weights and head, before training touches them
        ComputationGraph ref = GraphTrainingBackend.trainingGraph(model, config);
        float[] pixels = new float[5 * 8 * 8 * 3];
        for (int i = 0; i < 5; i++) {
            images.copyImage(i, pixels, i * 8 * 8 * 3);
        }
        INDArray x = Nd4jArrays.layout(pixels, 5, images, false);
        INDArray y = Nd4j.zeros(5, 3);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        Map<String, INDArray> acts = ref.feedForward(x, true);
        ref.setInputs(x);
        ref.setLabels(y);
        ref.computeGradientAndScore();
        Map<String, double[]> expected = new java.util.LinkedHashMap<>(); // name -> {gradient norm, update ratio}
        for (String name : List.of("a", "b", "out")) {
            double g = norm(ref.gradient().getGradientFor(name + "_W")) / 5;
            double w = norm(ref.getLayer(name).getParam("W"));
            expected.put(name, new double[] {g, 1.9 * lr * g / w});
        }
        Map<String, Double> zeros = Map.of("a", zeroShare(acts.get("a")), "act", zeroShare(acts.get("act")));

        HealthTrainingTest.Recorder rec = new HealthTrainingTest.Recorder();
        engine.train(model, images, images.head(0), config, rec, CancelToken.NEVER);
        assertEquals(1, rec.reports.size(), "one batch, measured");
        List<LayerHealth> layers = rec.reports.get(0).layers();
        assertEquals(List.of("a", "b", "act", "out"), layers.stream().map(LayerHealth::name).toList(), "layer order");
        assertEquals(List.of(1, 2, 4, 6), layers.stream().map(LayerHealth::layer).toList());
        String where = layers + " expected " + expected.keySet().stream()
                .map(k -> k + "=" + java.util.Arrays.toString(expected.get(k))).toList() + " zeros " + zeros;
        for (LayerHealth h : layers) {
            double[] e = expected.get(h.name());
            assertEquals(e != null, h.hasWeights(), h.name());
            if (e != null) {
                assertTrue(e[0] > 0 && e[1] > 0, where);
                assertEquals(e[0], h.gradientNorm(), 1e-4 * e[0], "gradient norm of " + h.name() + ": " + where);
                assertEquals(e[1], h.updateRatio(), 1e-4 * e[1], "update ratio of " + h.name() + ": " + where);
            }
            Double z = zeros.get(h.name());
            assertEquals(z != null, h.hasRelu(), h.name());
            if (z != null) {
                assertTrue(z > 0 && z < 1, "some but not all zero: " + where);
                assertEquals(z, h.zeroShare(), 1e-12, "zero share of " + h.name() + ": " + where);
            }
        }
        System.out.println(where);
        // epoch 0 and 1, histograms holding every weight: a 3*3*3*4, b 3*3*4*4, out 8*8*4*3
        assertEquals(2, rec.epochs.size());
        assertEquals(List.of(108L, 144L, 768L), rec.epochs.get(1).histograms().stream().filter(h -> h != null)
                .map(WeightHistogram::total).toList());
    }

    /** {@link #joined()} with a BatchNormalization after {@code b}: its running statistics must not see more. */
    static ModelSpec normalized() {
        List<LayerSpec> layers = new ArrayList<>(joined().layers());
        layers.add(2, new LayerSpec.BatchNormalization("bn", 0.9, 1e-3));
        return new ModelSpec("normalized", "", new InputSpec(8, 8, 3), layers, Map.of("sum", List.of("a", "bn")));
    }

    @Test
    void healthChangesNothingAndLeavesFrozenLayersOut() {
        Dl4jEngine engine = new Dl4jEngine(Dl4jEngine.Kernels.LAYERS);
        LabelledImages data = HealthTrainingTest.images(24);
        TrainConfig config = new TrainConfig(2, 8, 0.01, TrainConfig.Optimizer.ADAM, 4, true);
        TrainingResult plain = engine.train(engine.compile(normalized(), 3), data, data.head(8), config,
                TrainingListener.NONE, CancelToken.NEVER);
        HealthTrainingTest.Recorder rec = new HealthTrainingTest.Recorder();
        TrainingResult watched = engine.train(engine.compile(normalized(), 3), data, data.head(8), config, rec,
                CancelToken.NEVER);
        assertEquals(plain.batchLosses(), watched.batchLosses(), "the same losses, batch by batch");
        assertEquals(plain.epochs().stream().map(e -> e.validationLoss()).toList(),
                watched.epochs().stream().map(e -> e.validationLoss()).toList(), "the same validation (BatchNorm statistics)");
        assertEquals(List.of(3, 3), rec.reports.stream().map(r -> r.batch()).toList(), "3 batches: the last measured");
        assertEquals(List.of(0, 1, 2), rec.epochs.stream().map(e -> e.epoch()).toList());

        HealthTrainingTest.Recorder frozen = new HealthTrainingTest.Recorder();
        engine.train(engine.compile(joined(), 3), data, data.head(0), config.withFrozenLayers(2), frozen,
                CancelToken.NEVER);
        assertEquals(List.of(4, 6), frozen.reports.get(0).layers().stream().map(LayerHealth::layer).toList());
    }

    private static double norm(INDArray a) {
        double s = 0;
        for (double v : a.dup().data().asDouble()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double zeroShare(INDArray a) {
        long zero = 0;
        double[] v = a.dup().data().asDouble();
        for (double d : v) {
            zero += d == 0 ? 1 : 0;
        }
        return zero / (double) v.length;
    }
}
