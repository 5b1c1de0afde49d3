package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
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
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;

/**
 * {@code lastHidden} (the input of the last Dense layer, in batches) against the one-image {@link Dl4jEngine#forward}
 * path, on both kernels: the output of the layer before the last one, image by image.
 */
class LastHiddenTest {

    private static final double TOL = 1e-4;

    @Test
    void equalsTheForwardPassOfTheLayerBeforeTheLastDense() {
        ModelSpec cifar = Presets.find("tf-cifar-cnn").orElseThrow(); // ... Flatten, Dense 64 relu, Dense 10
        ModelSpec flattenLast = new ModelSpec("flatten before dense", "", new InputSpec(9, 7, 3), List.of(
                new LayerSpec.Conv2D(null, 4, Size2.square(3), Size2.square(1), Padding.VALID, Activation.RELU, true),
                new LayerSpec.BatchNormalization(null, 0.9, 1e-3),
                new LayerSpec.Pooling2D(null, LayerSpec.PoolKind.MAX, Size2.square(2), Size2.square(2), Padding.VALID),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 5, Activation.SOFTMAX, true)));
        ModelSpec dropoutLast = new ModelSpec("dropout before dense", "", new InputSpec(6, 6, 1), List.of(
                new LayerSpec.Conv2D(null, 3, Size2.square(3), Size2.square(1), Padding.SAME, Activation.LINEAR, true),
                new LayerSpec.ActivationLayer(null, Activation.TANH),
                new LayerSpec.Flatten(null),
                new LayerSpec.Dense(null, 7, Activation.RELU, true),
                new LayerSpec.Dropout(null, 0.5),
                new LayerSpec.Dense(null, 3, Activation.LINEAR, true)));
        for (Dl4jEngine.Kernels k : new Dl4jEngine.Kernels[] {Dl4jEngine.Kernels.LAYERS, Dl4jEngine.Kernels.NATIVE_OPS}) {
            Dl4jEngine engine = new Dl4jEngine(k);
            check(engine, engine.compile(cifar, 3), 64, k + " cifar");
            check(engine, engine.compile(flattenLast, 4), 4 * 3 * 2, k + " flatten");
            CompiledModel normalised = engine.compile(dropoutLast, 5);
            engine.setInputNormalization(normalised, new InputNormalization(new double[] {0.3}, new double[] {0.2}));
            check(engine, normalised, 7, k + " dropout, standardised input");
        }
    }

    private static void check(Dl4jEngine engine, CompiledModel model, int units, String what) {
        InputSpec in = model.spec().input();
        LabelledImages images = images(in, 7, 11);
        float[][] hidden = engine.lastHidden(model, images, 3, CancelToken.NEVER); // batches of 3, 3, 1
        assertEquals(7, hidden.length, what);
        int layers = model.spec().layers().size();
        for (int i = 0; i < images.size(); i++) {
            Activations acts = engine.forward(model, images.image(i));
            double[] expected = acts.layer(layers - 1).output().values();
            assertEquals(units, expected.length, what);
            assertEquals(units, hidden[i].length, what);
            for (int u = 0; u < units; u++) {
                assertEquals(expected[u], hidden[i][u], TOL * Math.max(1, Math.abs(expected[u])), what + " image " + i
                        + " unit " + u);
            }
        }
    }

    @Test
    void aFlattenBeforeTheOnlyDenseLayerGivesThePixelsChannelsLast() {
        Dl4jEngine engine = new Dl4jEngine();
        ModelSpec pixels = new ModelSpec("pixels", "", new InputSpec(2, 2, 3),
                List.of(new LayerSpec.Flatten(null), new LayerSpec.Dense(null, 2, Activation.SOFTMAX, true)));
        LabelledImages images = images(pixels.input(), 2, 1);
        float[][] hidden = engine.lastHidden(engine.compile(pixels, 1), images, 8, CancelToken.NEVER);
        for (int i = 0; i < 2; i++) {
            double[] v = images.image(i).values(); // (r * W + c) * C + ch
            assertEquals(12, hidden[i].length);
            for (int k = 0; k < 12; k++) {
                assertEquals(v[k], hidden[i][k], 1e-6);
            }
        }
    }

    @Test
    void stopsWhenCancelledAndRefusesOtherImageSizes() {
        Dl4jEngine engine = new Dl4jEngine();
        CompiledModel cifar = engine.compile(Presets.find("tf-cifar-cnn").orElseThrow(), 1);
        assertThrows(java.util.concurrent.CancellationException.class,
                () -> engine.lastHidden(cifar, images(cifar.spec().input(), 4, 2), 2, () -> true));
        var wrong = assertThrows(IllegalArgumentException.class,
                () -> engine.lastHidden(cifar, images(new InputSpec(8, 8, 3), 2, 3), 2, CancelToken.NEVER));
        assertEquals("the model expects 32x32x3 images, these are 8x8x3", wrong.getMessage());
    }

    private static LabelledImages images(InputSpec in, int count, long seed) {
        Random rnd = new Random(seed);
        Volume[] v = new Volume[count];
        for (int i = 0; i < count; i++) {
            double[] d = new double[in.height() * in.width() * in.channels()];
            for (int k = 0; k < d.length; k++) {
                d[k] = rnd.nextDouble();
            }
            v[i] = new Volume(in.height(), in.width(), in.channels(), d);
        }
        return LabelledImages.of(count, in.height(), in.width(), in.channels(), 2, i -> i % 2, i -> v[i]);
    }
}
