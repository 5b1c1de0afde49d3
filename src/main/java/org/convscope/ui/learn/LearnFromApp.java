package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.convscope.app.Session;
import org.convscope.app.TrainedWeights;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.ProgressSink;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;

/**
 * Where the Learn screen's set-up reaches into the rest of the app, in the background: the first Conv2D layer of
 * the model on the Build screen with the session's current weights ({@link ModelLayer}), and the bundled CIFAR-10
 * sample's training images with their labels. Both are kept once read (the layer while the model and its weights
 * stay the same).
 */
final class LearnFromApp {

    /** Models above this are not built just to take one layer (as the stepper's "filter of the model"). */
    static final long MAX_PARAMS = 40_000_000L;

    private final ModelSession session;
    private final Supplier<Engine> engine;
    private final TaskExecutor executor;
    private ModelLayer layer;
    private Object layerKey;
    private CifarImages sample;

    /**
     * @param session the app's session, or null where there is none (then {@link #hasModel()} is false)
     * @param engine builds an untrained model's network
     * @param executor where the work runs; results come back on its callback thread
     */
    LearnFromApp(ModelSession session, Supplier<Engine> engine, TaskExecutor executor) {
        this.session = session;
        this.engine = engine;
        this.executor = executor;
    }

    /** Whether there is a session whose model can lend its layer. */
    boolean hasModel() {
        return session != null && engine != null;
    }

    /** Calls {@code action} after every change of the session's model or weights (nothing without a session). */
    void onModelChange(Runnable action) {
        if (session != null) {
            session.weightsProperty().addListener((o, a, b) -> action.run());
        }
    }

    /**
     * Takes the first Conv2D layer of the session's model with the weights it has now: the trained (or loaded) ones
     * when they belong to this model, else the fresh ones of seed {@link Session#UNTRAINED_SEED} that every screen
     * shows.
     *
     * @param use receives the layer
     * @param fail receives why it cannot be taken, in words
     */
    void modelLayer(Consumer<ModelLayer> use, Consumer<String> fail) {
        ModelSpec spec = session.getModel();
        TrainedWeights trained = session.trainedFor(spec).orElse(null);
        Object key = java.util.List.of(spec, session.getWeights());
        if (layer != null && key.equals(layerKey)) {
            use.accept(layer);
            return;
        }
        if (ModelLayer.firstConv(spec) < 0) {
            fail.accept(tr("learn.noConv"));
            return;
        }
        var analysis = org.convscope.core.analysis.ModelAnalyzer.analyze(spec);
        if (trained == null && (!analysis.valid() || analysis.totalParams() > MAX_PARAMS)) {
            fail.accept(tr("learn.cannotBuild"));
            return;
        }
        String label = session.getWeights().label();
        executor.submit(BackgroundJob.of("Layer of the model", (token, progress) -> {
            CompiledModel network = trained != null ? trained.model() : engine.get().compile(spec, Session.UNTRAINED_SEED);
            return ModelLayer.of(network, label);
        }).onSuccess(l -> {
            layer = l;
            layerKey = key;
            use.accept(l);
        }).onFailure(e -> fail.accept(Dialogs.describe(e))));
    }

    /**
     * Reads the bundled CIFAR-10 sample's training images (2,000, 200 a class) once.
     *
     * @param use receives them
     * @param fail receives why they cannot be read
     */
    void trainingImages(Consumer<CifarImages> use, Consumer<String> fail) {
        if (sample != null) {
            use.accept(sample);
            return;
        }
        executor.submit(BackgroundJob.of("Training images", (token, progress) ->
                CifarReader.readBundledSample(token, ProgressSink.NONE).train()).onSuccess(s -> {
                    sample = s;
                    use.accept(s);
                }).onFailure(e -> fail.accept(Dialogs.describe(e))));
    }
}
