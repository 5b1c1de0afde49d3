package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.junit.jupiter.api.Test;

/** The predict use case on {@link FakeEngine}: no ND4J, numbers worked out by hand. */
class PredictionsTest {

    /** 2x2x1 -> Flatten (4) -> Dense(3, linear): logits, so softmax is applied. */
    private static final ModelSpec TINY = new ModelSpec("tiny", "", new InputSpec(2, 2, 1),
            List.of(new LayerSpec.Flatten(null), new LayerSpec.Dense(null, 3, Activation.LINEAR, true)));

    @Test
    void topClassesComeFromTheLastLayersLogitsThroughSoftmax() {
        FakeEngine engine = new FakeEngine();
        CompiledModel model = engine.compile(TINY, 42);
        double[] half = new double[4];
        Arrays.fill(half, 0.5);
        Volume image = new Volume(2, 2, 1, half);

        // the fake Dense layer (layer 2) outputs 2 * mean + j / 10 = 1.0, 1.1, 1.2;
        // softmax: e^0, e^0.1, e^0.2 over their sum 1 + 1.105171 + 1.221403 = 3.326574
        double[] p = Predictions.probabilities(engine, model, image);
        assertArrayEquals(new double[] {0.300609, 0.332224, 0.367166}, p, 1e-6);

        List<Predictions.Ranked> top = Predictions.top(engine, model, image, 2, List.of("cat", "dog", "bird"));
        assertEquals(List.of("bird", "dog"), top.stream().map(Predictions.Ranked::name).toList());
        assertEquals(2, top.get(0).index());
        assertEquals(0.367166, top.get(0).probability(), 1e-6);
        assertEquals("class 2", Predictions.top(engine, model, image, 1, List.of()).get(0).name(),
                "classes without names are numbered");
        assertEquals(3, engine.forwardCalls(), "one forward pass per prediction");
    }

    @Test
    void aSoftmaxModelsOutputsAreTakenAsTheyAre() {
        ModelSpec softmax = new ModelSpec("tiny", "", new InputSpec(2, 2, 1),
                List.of(new LayerSpec.Flatten(null), new LayerSpec.Dense(null, 2, Activation.SOFTMAX, true)));
        FakeEngine engine = new FakeEngine();
        // mean 0 -> the Dense layer outputs 0.0 and 0.1; already "probabilities", so not passed through softmax again
        double[] p = Predictions.probabilities(engine, engine.compile(softmax, 1), new Volume(2, 2, 1, new double[4]));
        assertEquals(0.1, p[1] - p[0], 1e-9, "the gap is the raw one (softmax would make it tanh(0.05) = 0.04996)");
    }
}
