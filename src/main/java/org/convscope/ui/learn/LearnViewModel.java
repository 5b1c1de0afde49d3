package org.convscope.ui.learn;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.convscope.core.backprop.Optimizer;
import org.convscope.core.backprop.TinyCnn;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.image.Raster;
import org.convscope.core.model.Padding;
import org.convscope.data.CifarImages;
import org.convscope.imaging.Images;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.InputSources;
import org.convscope.ui.common.TaskExecutor;

/**
 * State of the Learn screen: the set-up ({@link LearnSetup}), the training step computed from it
 * ({@link LearnRun}, all numbers from {@code core.backprop}), and where the learner is: the stage and the step
 * within it. Every change recomputes the step (microseconds for these sizes) and bumps {@link #revisionProperty()}.
 *
 * <p>"Take another step" keeps the updated weights (and Adam's moments) and starts again at the forward pass, so
 * the loss can be followed over several steps; any change to the set-up starts from the set-up's weights again.
 */
final class LearnViewModel {

    /** The source choices' prefix of a CIFAR-10 training image, followed by its class, e.g. {@code cat}. */
    static final String TRAINING_PREFIX = "Training image: ";

    private final TaskExecutor executor;
    private final LearnFromApp app;
    private final LearnSetup setup = new LearnSetup();
    private final LearnModelChoice model;
    private int trainingIndex = -1; // the training image's index in the bundled sample, or -1
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private String sourceChoice = LearnSetup.EXAMPLES.keySet().iterator().next();
    private Raster image;
    private int workingSize = 8;
    private TinyCnn trained; // the weights after "Take another step", or null for the set-up's
    private Optimizer optimizer;
    private int trainingSteps;
    private LearnRun run;
    private LearnStage stage = LearnStage.FORWARD;
    private int step;

    LearnViewModel(TaskExecutor executor) {
        this(executor, null, null);
    }

    /**
     * @param executor where images are read and the model's layer is built
     * @param session the app's session, whose model lends its first conv layer (null: no such choice)
     * @param engine builds an untrained model's network
     */
    LearnViewModel(TaskExecutor executor, org.convscope.ui.common.ModelSession session,
            java.util.function.Supplier<org.convscope.engine.Engine> engine) {
        this.executor = executor;
        this.app = new LearnFromApp(session, engine, executor);
        this.model = new LearnModelChoice(app, setup, this::changed, this::bump);
        recompute(true);
    }

    /** Bumped after every change; the view redraws. */
    ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** Empty, or why the set-up cannot run (with the formula). */
    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A line about the input and the network. */
    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The choice of the model's first conv layer as the conv layer. */
    LearnModelChoice model() {
        return model;
    }

    LearnSetup setup() {
        return setup;
    }

    /** The training step, or null when the set-up does not fit. */
    LearnRun run() {
        return run;
    }

    LearnStage stage() {
        return stage;
    }

    int step() {
        return step;
    }

    /** Steps in the current stage, 0 without a run. */
    int steps() {
        return run == null ? 0 : run.steps(stage);
    }

    /** What the current step shows, or null without a run. */
    LearnStep current() {
        return run == null ? null : LearnSteps.of(run, stage, step);
    }

    /** How many updates were taken from the set-up's weights before this one (0 for the first). */
    int trainingSteps() {
        return trainingSteps;
    }

    /** e.g. {@code Stage 7 of 11: Conv kernel gradient dK, step 2 of 4}. */
    String position() {
        return run == null ? tr("learn.position", stage.ordinal() + 1, LearnStage.values().length, stage.title())
                : tr("learn.position.step", stage.ordinal() + 1, LearnStage.values().length, stage.title(), step + 1, steps());
    }

    // ---- navigation ----

    boolean canStepForward() {
        return step < steps() - 1;
    }

    boolean canStepBack() {
        return step > 0;
    }

    boolean canNextStage() {
        return run != null && stage.ordinal() < LearnStage.values().length - 1;
    }

    boolean canPreviousStage() {
        return run != null && stage.ordinal() > 0;
    }

    void stepForward() {
        if (canStepForward()) {
            step++;
            bump();
        }
    }

    void stepBack() {
        if (canStepBack()) {
            step--;
            bump();
        }
    }

    void firstStep() {
        step = 0;
        bump();
    }

    void lastStep() {
        step = Math.max(0, steps() - 1);
        bump();
    }

    void nextStage() {
        if (canNextStage()) {
            goTo(LearnStage.values()[stage.ordinal() + 1]);
        }
    }

    void previousStage() {
        if (canPreviousStage()) {
            goTo(LearnStage.values()[stage.ordinal() - 1]);
        }
    }

    /** Opens a stage at its first step. */
    void goTo(LearnStage s) {
        stage = s;
        step = 0;
        bump();
    }

    /**
     * Keeps the updated weights (and Adam's moments) and goes back to the forward pass for the next training step:
     * the loss of the last stage is the new starting loss.
     */
    void takeAnotherStep() {
        if (run == null) {
            return;
        }
        trained = run.update().after();
        trainingSteps++;
        stage = LearnStage.FORWARD;
        step = 0;
        recompute(false);
    }

    // ---- set-up ----

    /**
     * The source selector's list: the examples, the seed matrices, the samples, a CIFAR-10 training image of each
     * class, and an opened image first.
     */
    List<String> sourceChoices() {
        List<String> out = new ArrayList<>(LearnSetup.EXAMPLES.keySet());
        out.addAll(InputSources.SEED_MATRICES.keySet());
        InputSources.sampleNames().forEach(n -> out.add(InputSources.SAMPLE_PREFIX + n));
        CifarImages.STANDARD_CLASS_NAMES.forEach(n -> out.add(TRAINING_PREFIX + n));
        if (!out.contains(sourceChoice)) {
            out.add(0, sourceChoice);
        }
        return out;
    }

    String sourceChoice() {
        return sourceChoice;
    }

    /** Uses an example, a seed matrix, or (in the background) a bundled sample. */
    void chooseSource(String choice) {
        if (choice == null || choice.equals(sourceChoice)) {
            return;
        }
        if (choice.startsWith(TRAINING_PREFIX)) {
            chooseTrainingImage(choice);
            return;
        }
        if (choice.startsWith(InputSources.SAMPLE_PREFIX)) {
            String name = choice.substring(InputSources.SAMPLE_PREFIX.length());
            load(name, choice, () -> Images.decode(InputSources.sampleBytes(name), name, Images.DEFAULT_MAX_PIXELS));
            return;
        }
        double[][] m = LearnSetup.EXAMPLES.containsKey(choice) ? LearnSetup.EXAMPLES.get(choice)
                : InputSources.SEED_MATRICES.get(choice);
        if (m != null) {
            sourceChoice = choice;
            image = null;
            setup.input = m;
            leaveTrainingImage();
            changed();
        }
    }

    /**
     * Uses the first image of a class in the bundled CIFAR-10 sample's training split (in the background), gray at
     * the working size, with its true label: the Dense layer gets the data set's 10 classes and the loss is
     * {@code -log} of the label's probability.
     */
    private void chooseTrainingImage(String choice) {
        int label = CifarImages.STANDARD_CLASS_NAMES.indexOf(choice.substring(TRAINING_PREFIX.length()));
        status.set(tr("learn.readingTraining"));
        app.trainingImages(sample -> {
            int i = 0;
            while (i < sample.size() && sample.label(i) != label) {
                i++;
            }
            if (i == sample.size()) {
                error.set(tr("learn.noTrainingImage", label));
                bump();
                return;
            }
            image = sample.image(i);
            sourceChoice = choice;
            trainingIndex = i;
            setup.classNames = sample.classNames();
            setup.classes = sample.classNames().size();
            setup.label = sample.label(i);
            setup.input = imageInput();
            changed();
        }, this::loadFailed);
    }

    /** The training image's index in the bundled sample's training split, or -1 when the input is not one. */
    int trainingIndex() {
        return trainingIndex;
    }

    /** Whether the input is a training image, whose label is its own (the classes and label are not set by hand). */
    boolean isTrainingImage() {
        return trainingIndex >= 0;
    }

    private void leaveTrainingImage() {
        if (trainingIndex >= 0) {
            trainingIndex = -1;
            setup.classNames = null;
            setup.classes = 3;
            setup.label = Math.min(setup.label, setup.classes - 1);
        }
    }

    private void loadFailed(String why) {
        error.set(why);
        status.set(setup.describe());
        bump();
    }

    /** Opens an image file in the background, as gray values 0-1 at the working size. */
    void openImage(Path file) {
        String name = file.getFileName().toString();
        load(name, InputSources.IMAGE_PREFIX + name, () -> Images.read(file, Images.DEFAULT_MAX_PIXELS));
    }

    private interface ImageSource {
        Raster read() throws Exception;
    }

    private void load(String name, String choice, ImageSource source) {
        status.set(tr("learn.loading", name));
        executor.submit(BackgroundJob.of("Open image", (token, progress) -> source.read()).onSuccess(r -> {
            image = r;
            sourceChoice = choice;
            leaveTrainingImage();
            setup.input = imageInput();
            changed();
        }).onFailure(e -> {
            error.set(Dialogs.describe(e));
            status.set(tr("learn.cannotOpen", name));
            bump();
        }));
    }

    int workingSize() {
        return workingSize;
    }

    /** Resizes an image input's long side to {@code n} pixels (3..16); seed matrices keep their size. */
    void setWorkingSize(int n) {
        workingSize = Math.max(3, Math.min(16, n));
        if (image != null) {
            setup.input = imageInput();
            changed();
        }
    }

    private double[][] imageInput() {
        Raster r = Images.grayscale(Images.resizeLongSide(image, workingSize, Images.Interpolation.AREA));
        return r.toVolume(true).channel(0);
    }

    /** Sets the kernel as typed ({@code 1 0; 0 1}); a slip goes to {@link #errorProperty()} and changes nothing. */
    void setKernelText(String text) {
        if (text.strip().equals(LearnSetup.kernelText(setup.kernel))) {
            return; // left as shown (the model's kernel keeps its own digits)
        }
        try {
            setup.kernel = LearnSetup.parseKernel(text);
            model.use(false); // a typed kernel is not the model's
            changed();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            bump();
        }
    }

    /** Shows a typing slip from the set-up column (the step stays as it was). */
    void showError(String message) {
        error.set(message);
        bump();
    }

    void setBias(double b) {
        setup.bias = b;
        changed();
    }

    void setStride(int s) {
        setup.stride = Math.max(1, s);
        changed();
    }

    void setPadding(Padding p) {
        setup.padding = p;
        changed();
    }

    void setRelu(boolean on) {
        setup.relu = on;
        changed();
    }

    void setPoolMode(PoolSettings.Mode m) {
        setup.poolMode = m;
        changed();
    }

    void setPoolSize(int q) {
        setup.poolSize = Math.max(1, q);
        changed();
    }

    /** Sets the number of classes (2..5); the true class stays inside them. */
    void setClasses(int c) {
        if (refuseForTrainingImage()) {
            return;
        }
        setup.classes = Math.max(2, Math.min(5, c));
        setup.label = Math.min(setup.label, setup.classes - 1);
        changed();
    }

    void setLabel(int k) {
        if (refuseForTrainingImage()) {
            return;
        }
        setup.label = Math.max(0, Math.min(setup.classes - 1, k));
        changed();
    }

    private boolean refuseForTrainingImage() {
        if (trainingIndex >= 0) {
            error.set(tr("learn.labelIsFixed", setup.labelText()));
            bump();
        }
        return trainingIndex >= 0;
    }

    /** Draws other Dense weights (PyTorch's {@code nn.Linear} way, this seed). */
    void setDenseSeed(long seed) {
        setup.denseSeed = seed;
        setup.denseOverride = null;
        changed();
    }

    /** Uses these Dense weights {@code (n, classes)} (the hand-worked example; tests). */
    void setDenseWeights(double[][] w) {
        setup.denseOverride = w;
        changed();
    }

    void setAdam(boolean on) {
        setup.adam = on;
        changed();
    }

    /** Sets the learning rate; a value that is not above 0 is refused with a message. */
    void setLearningRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            error.set(tr("learn.badRate"));
            bump();
            return;
        }
        setup.lr = lr;
        changed();
    }

    /**
     * Shows a learning rate that is too large: plain SGD with {@link LearnSetup#TOO_LARGE}, without ReLU, and opens
     * the last stage, where the loss after the step is higher than before.
     */
    void showOvershoot() {
        setup.relu = false;
        setup.adam = false;
        setup.lr = LearnSetup.TOO_LARGE;
        stage = LearnStage.FORWARD_AGAIN;
        step = 0;
        changed();
    }

    /** A set-up change: back to the set-up's weights and a fresh optimizer; the stage and step stay where they fit. */
    private void changed() {
        trained = null;
        trainingSteps = 0;
        recompute(true);
    }

    private void recompute(boolean freshOptimizer) {
        error.set("");
        run = null;
        try {
            TinyCnn net = trained != null ? trained : setup.network();
            if (freshOptimizer || optimizer == null) {
                optimizer = setup.optimizer();
            }
            run = LearnRun.of(net, setup.input, setup.label, optimizer, setup.lr, setup.adam);
            status.set(setup.describe() + (trainingIndex >= 0 ? tr("learn.status.trainingImage", trainingIndex + 1) : "")
                    + (trainingSteps > 0 ? tr("learn.status.step", trainingSteps + 1) : ""));
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            status.set(setup.describe());
        }
        step = Math.min(step, Math.max(0, steps() - 1));
        bump();
    }

    private void bump() {
        revision.set(revision.get() + 1);
    }
}
