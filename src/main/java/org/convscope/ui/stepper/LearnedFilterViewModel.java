package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.Engine;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.TaskExecutor;

/**
 * "Or a filter of the model": lists the Conv2D layers of the model on the Build screen and builds the network
 * (initial weights, seed 42) in the background to take filter i of one of them as the stepper's kernel.
 */
final class LearnedFilterViewModel {

    /** The seed of the untrained weights, so that the same filter comes back every time. */
    static final long SEED = 42;
    /** Models above this are not built just to show one filter. */
    static final long MAX_PARAMS = 40_000_000L;

    /** One Conv2D layer the user can pick: its 1-based index in the model and what the list shows. */
    record Layer(int index, String name, String label) {
    }

    private final Supplier<ModelSpec> model;
    private final Supplier<Engine> engine;
    private final TaskExecutor executor;
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");

    /**
     * @param model the model on the Build screen, read when the list is made and when a filter is taken
     * @param engine builds the network
     * @param executor where it is built
     */
    LearnedFilterViewModel(Supplier<ModelSpec> model, Supplier<Engine> engine, TaskExecutor executor) {
        this.model = model;
        this.engine = engine;
        this.executor = executor;
    }

    /** A line under the picker: what was taken, what is happening, or why nothing can be taken. */
    ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** The model's Conv2D layers, first to last; says so in the note when there is none. */
    List<Layer> layers() {
        ModelSpec spec = model.get();
        List<String> names = ModelAnalyzer.layerNames(spec);
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            if (spec.layers().get(i) instanceof LayerSpec.Conv2D c) {
                out.add(new Layer(i + 1, names.get(i), tr("stepper.layerFilters", names.get(i), c.filters())));
            }
        }
        note.set(out.isEmpty() ? tr("stepper.noConv") : "");
        return out;
    }

    /**
     * Builds the network and hands filter {@code number} (1-based, clamped to the layer's count) to {@code use}
     * with its label, e.g. {@code conv2d_1 filter 13}; failures and refusals end up in the note.
     *
     * @param layer the chosen layer
     * @param number the filter's number, from 1
     * @param use receives the filter {@code (kh, kw, C_in)} and its label, on the executor's callback thread
     */
    void load(Layer layer, int number, BiConsumer<Volume, String> use) {
        ModelSpec spec = model.get();
        var analysis = ModelAnalyzer.analyze(spec);
        if (!analysis.valid() || analysis.totalParams() > MAX_PARAMS) {
            note.set(tr("stepper.cannotBuild"));
            return;
        }
        note.set(tr("stepper.building"));
        executor.submit(BackgroundJob.of("Filter from the model", (token, progress) ->
                engine.get().compile(spec, SEED).filters(layer.index()))
                .onSuccess(fs -> {
                    int f = Math.max(0, Math.min(number - 1, fs.length - 1));
                    use.accept(fs[f], tr("stepper.filterLabel", layer.name(), f + 1));
                    note.set(tr("stepper.filterNote", f + 1, fs.length,
                            fs[f].height() + "x" + fs[f].width() + "x" + fs[f].channels(), SEED));
                })
                .onFailure(ex -> note.set(Dialogs.describe(ex))));
    }
}
