package org.convscope.ui.stepper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.Activations;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.io.Presets;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

/** Taking a filter of the model on the Build screen, with an engine that hands out known filters. */
class LearnedFilterViewModelTest {

    private final List<String> compiled = new ArrayList<>();
    private final Volume[] filters = {new Volume(1, 1, 1, new double[] {0.5}), new Volume(1, 1, 1, new double[] {-0.25})};

    /** Compiles nothing: filters(i) are the two above; each compile is written down with its seed. */
    private final Engine fake = new Engine() {
        @Override
        public CompiledModel compile(ModelSpec spec, long seed) {
            compiled.add(spec.name() + " seed " + seed);
            return new CompiledModel() {
                @Override
                public ModelSpec spec() {
                    return spec;
                }

                @Override
                public long parameterCount() {
                    return 0;
                }

                @Override
                public Volume[] filters(int layerIndex) {
                    compiled.add("filters of layer " + layerIndex);
                    return filters;
                }

                @Override
                public double[] biases(int layerIndex) {
                    return new double[0];
                }
            };
        }

        @Override
        public Activations forward(CompiledModel model, Volume image) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void listsTheConvLayersAndTakesTheNumberedFilter() {
        ModelSpec tf = Presets.find("tf-cifar-cnn").orElseThrow();
        var vm = new LearnedFilterViewModel(() -> tf, () -> fake, new CurrentThreadTaskExecutor());
        var layers = vm.layers();
        assertEquals(List.of("conv2d (32 filters)", "conv2d_1 (64 filters)", "conv2d_2 (64 filters)"),
                layers.stream().map(LearnedFilterViewModel.Layer::label).toList());
        assertEquals(List.of(1, 3, 5), layers.stream().map(LearnedFilterViewModel.Layer::index).toList(),
                "conv, pool, conv, pool, conv: 1-based model indexes");
        Volume[] got = new Volume[1];
        String[] label = new String[1];
        vm.load(layers.get(1), 2, (f, l) -> {
            got[0] = f;
            label[0] = l;
        });
        assertEquals(List.of(tf.name() + " seed 42", "filters of layer 3"), compiled);
        assertSame(filters[1], got[0]);
        assertEquals("conv2d_1 filter 2", label[0]);
        assertEquals("Filter 2 of 2, 1x1x1 (untrained weights, seed 42). Each filter gives its own output map.",
                vm.noteProperty().get());
        vm.load(layers.get(0), 99, (f, l) -> label[0] = l);
        assertEquals("conv2d filter 2", label[0], "a number past the last filter takes the last");
    }

    @Test
    void saysWhyWhenThereIsNothingToTake() {
        ModelSpec dense = new ModelSpec("dense", "", new InputSpec(4, 4, 1),
                List.of(new LayerSpec.Flatten(null), new LayerSpec.Dense(null, 2, org.convscope.core.model.Activation.SOFTMAX, true)));
        var vm = new LearnedFilterViewModel(() -> dense, () -> fake, new CurrentThreadTaskExecutor());
        assertTrue(vm.layers().isEmpty());
        assertEquals("The model on the Build screen has no Conv2D layer.", vm.noteProperty().get());

        ModelSpec broken = new ModelSpec("broken", "", new InputSpec(2, 2, 1), List.of(new LayerSpec.Conv2D(null, 1,
                org.convscope.core.model.Size2.square(3), org.convscope.core.model.Size2.square(1),
                org.convscope.core.model.Padding.VALID, org.convscope.core.model.Activation.RELU, true)));
        var vm2 = new LearnedFilterViewModel(() -> broken, () -> fake, new CurrentThreadTaskExecutor());
        String[] label = new String[1];
        vm2.load(vm2.layers().get(0), 1, (f, l) -> label[0] = l);
        assertNull(label[0]);
        assertTrue(compiled.isEmpty(), "a 3x3 kernel on a 2x2 input is never built");
        assertEquals("This model cannot be built here (invalid, or over 40 M parameters).", vm2.noteProperty().get());
    }
}
