package org.convscope.ui.featuremaps;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.TensorShape;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.imaging.Images;
import org.convscope.imaging.ModelInput;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.FeatureTile;
import org.convscope.imaging.TileRenderer;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;

/**
 * State of the Feature maps &amp; Filters screen: which image, which layer, which page of 64 maps, how
 * they are coloured, and the rendered tiles.
 *
 * <p>Rendering (build the network, run the image forward, draw the tiles) runs on the executor; a newer
 * request cancels an older one and stale results are dropped. The network is built once per model
 * and kept until the model changes.
 */
final class FeatureMapsViewModel {

    /** Largest model the screen builds: weights of bigger ones would crowd the heap. */
    static final long MAX_PARAMS = 40_000_000L;
    /** Maps per page: the seed's 8x8 grid. */
    static final int PAGE = 64;
    /** The seed for the untrained network's weights. */
    static final long SEED = 42;

    /** A layer that can be shown: its 1-based index, and text for the chooser. */
    record LayerChoice(int index, String label, boolean spatial) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final ModelSession session;
    private final Supplier<Engine> engine;
    private final TaskExecutor executor;
    private final ObservableList<FeatureTile> tiles = FXCollections.observableArrayList();
    private final ObservableList<org.convscope.imaging.FilterTiles.Row> filterRows = FXCollections.observableArrayList();
    private double[] filterBiases = new double[0];
    private final ObservableList<LayerChoice> layers = FXCollections.observableArrayList();
    private final ObservableList<LayerChoice> convLayers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private Raster image;
    private String imageName = "chelsea.png";
    private int layer = 1;
    private int page;
    private boolean showFilters;
    private TileRenderer.Normalisation norm = TileRenderer.Normalisation.PER_MAP;
    private ColorMaps colours = ColorMaps.GRAY;
    private int channelsInLayer;
    private CompiledModel compiled;
    private ModelSpec compiledFor;
    private Result shown;
    private int epochShown; // 0: the final (or untrained) weights; otherwise a checkpoint's epoch
    private long generation;
    private TaskExecutor.JobHandle running;
    private boolean active;

    FeatureMapsViewModel(ModelSession session, Supplier<Engine> engine, TaskExecutor executor) {
        this.session = session;
        this.engine = engine;
        this.executor = executor;
        session.modelProperty().addListener((o, a, b) -> modelChanged());
        session.trainedProperty().addListener((o, a, b) -> {
            epochShown = 0; // new weights: show their final state
            modelChanged();
        });
        modelChanged();
    }

    // Properties

    ObservableList<FeatureTile> tiles() {
        return tiles;
    }

    /** In filters mode: one row per filter of the page (tiles per input channel, RGB composite). */
    ObservableList<org.convscope.imaging.FilterTiles.Row> filterRows() {
        return filterRows;
    }

    /** Returns the bias of filter {@code f} of the shown layer, or NaN when the layer has none. */
    double filterBias(int f) {
        return f >= 0 && f < filterBiases.length ? filterBiases[f] : Double.NaN;
    }

    ObservableList<LayerChoice> layers() {
        return layers;
    }

    ObservableList<LayerChoice> convLayers() {
        return convLayers;
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * For a map of a Conv2D layer: the filter that made it, {@code (kh, kw, C_in)}, from the weights of the last
     * render (empty for other layers, in the Filters view, or before anything was shown).
     *
     * @param channel the map's 0-based channel
     */
    java.util.Optional<Volume> filterOfMap(int channel) {
        Result r = shown;
        if (r == null || showFilters || layer < 1 || layer > r.spec().layers().size()
                || !(r.spec().layers().get(layer - 1) instanceof org.convscope.core.model.LayerSpec.Conv2D)) {
            return java.util.Optional.empty();
        }
        Volume[] fs = r.model().filters(layer);
        return channel >= 0 && channel < fs.length ? java.util.Optional.of(fs[channel]) : java.util.Optional.empty();
    }

    int layer() {
        return layer;
    }

    int page() {
        return page;
    }

    int pages() {
        return Math.max(1, (channelsInLayer + PAGE - 1) / PAGE);
    }

    boolean showingFilters() {
        return showFilters;
    }

    String imageName() {
        return imageName;
    }

    // Commands

    void selectLayer(int index) {
        layer = index;
        page = 0;
        refresh();
    }

    void showFilters(boolean filters) {
        showFilters = filters;
        page = 0;
        if (filters && !convLayers.isEmpty() && convLayers.stream().noneMatch(c -> c.index() == layer)) {
            layer = convLayers.get(0).index();
        }
        refresh();
    }

    void nextPage() {
        if (page < pages() - 1) {
            page++;
            refresh();
        }
    }

    void previousPage() {
        if (page > 0) {
            page--;
            refresh();
        }
    }

    void setNormalisation(TileRenderer.Normalisation n) {
        norm = n;
        refresh();
    }

    void setColours(ColorMaps c) {
        colours = c;
        refresh();
    }

    /**
     * The checkpoints of the trained weights that fit the current model, oldest first (the "time machine"); empty
     * for untrained or loaded weights.
     */
    List<org.convscope.app.TrainedWeights.Checkpoint> checkpoints() {
        return session.trainedFor(session.getModel()).map(org.convscope.app.TrainedWeights::checkpoints).orElse(List.of());
    }

    /**
     * Shows the weights as they were after an epoch of the last training run, or the final weights.
     *
     * @param epoch the epoch of a checkpoint, or 0 for the final weights
     */
    void showEpoch(int epoch) {
        epochShown = epoch;
        refresh();
    }

    int epochShown() {
        return epochShown;
    }

    void useSample(String name) {
        imageName = name;
        image = null;
        refresh();
    }

    void useImage(java.nio.file.Path file) {
        imageName = file.toString();
        image = null;
        refresh();
    }

    /**
     * Writes the shown tiles as one labelled PNG, in the background.
     *
     * @param file the target
     */
    void exportPng(java.nio.file.Path file) {
        List<FeatureTile> shown = List.copyOf(tiles);
        String title = session.getModel().name() + ": layer " + layer + (showFilters ? " filters" : " feature maps")
                + (showFilters ? "" : ", " + shortName(imageName));
        executor.submit(BackgroundJob.of("Export PNG", (token, progress) -> {
            Images.writePng(org.convscope.imaging.TileSheet.compose(shown, 8, title), file);
            return file;
        }).onSuccess(f -> status.set("Exported " + f)).onFailure(e -> error.set("Could not export: " + Dialogs.describe(e))));
    }

    private void modelChanged() {
        ModelAnalysis a = ModelAnalyzer.analyze(session.getModel());
        List<LayerChoice> all = new ArrayList<>();
        List<LayerChoice> conv = new ArrayList<>();
        for (LayerInfo l : a.layers()) {
            boolean spatial = l.output() instanceof TensorShape.Spatial;
            LayerChoice c = new LayerChoice(l.index(), l.index() + ". " + l.name() + " (" + l.spec().type() + ")  "
                    + l.output().keras(), spatial);
            if (spatial) {
                all.add(c);
            }
            if (l.spec() instanceof LayerSpec.Conv2D) {
                conv.add(c);
            }
        }
        layers.setAll(all);
        convLayers.setAll(conv);
        if (all.stream().noneMatch(c -> c.index() == layer)) {
            layer = all.isEmpty() ? 1 : all.get(0).index();
            page = 0;
        }
        refresh();
    }

    /**
     * Starts rendering: called when the screen is first shown, so that building a network never
     * competes with the app's start-up.
     */
    void activate() {
        if (!active) {
            active = true;
            refresh();
        }
    }

    /** Re-renders for the current choices in the background; an older render still running is cancelled. */
    void refresh() {
        if (!active) {
            return;
        }
        ModelSpec spec = session.getModel();
        ModelAnalysis analysis = ModelAnalyzer.analyze(spec);
        error.set("");
        if (!analysis.valid()) {
            tiles.clear();
            filterRows.clear();
            error.set("The model on the Build screen cannot be built: " + analysis.problem().orElseThrow().describe());
            return;
        }
        // Fits if weights and one image's activations, with a factor 3 for the engine's own copies, use at
        // most half of the heap; and never more than MAX_PARAMS parameters (building them takes long).
        var memory = org.convscope.core.analysis.MemoryEstimate.of(analysis);
        String tooBig = org.convscope.core.analysis.MemoryEstimate.check(3 * memory.inferenceBytes(),
                Runtime.getRuntime().maxMemory() / 2, "to show feature maps");
        if (analysis.totalParams() > MAX_PARAMS || !tooBig.isEmpty()) {
            tiles.clear();
            filterRows.clear();
            error.set(!tooBig.isEmpty() ? tooBig : String.format("This model has %,d parameters; feature maps are "
                    + "shown for models up to %,d (its weights alone are %s). Try a smaller preset.",
                    analysis.totalParams(), MAX_PARAMS, org.convscope.core.analysis.MemoryEstimate.human(memory.weightBytes())));
            return;
        }
        if ((showFilters ? convLayers : layers).isEmpty()) {
            tiles.clear();
            error.set(showFilters ? "This model has no Conv2D layer, so it has no filters to show."
                    : "This model has no layer with feature maps (H x W x C output).");
            return;
        }
        long gen = ++generation;
        if (running != null) {
            running.cancel();
        }
        busy.set(true);
        var finalWeights = session.trainedFor(spec);
        var checkpoint = finalWeights.flatMap(t -> t.checkpoints().stream().filter(c -> c.epoch() == epochShown).findFirst());
        // the time machine: one epoch's copy of the weights instead of the final ones
        var trainedWeights = checkpoint.isPresent() ? java.util.Optional.of(new org.convscope.app.TrainedWeights(
                checkpoint.get().model(), checkpoint.get().version(), "weights after " + checkpoint.get().description())) : finalWeights;
        status.set(trainedWeights.isEmpty() && (compiled == null || !spec.equals(compiledFor))
                ? "Building the network..." : "Computing...");
        int layerNow = layer;
        int pageNow = page;
        boolean filters = showFilters;
        TileRenderer.Normalisation normNow = norm;
        ColorMaps coloursNow = colours;
        String name = imageName;
        Raster cached = image;
        CompiledModel built = trainedWeights.map(org.convscope.app.TrainedWeights::model)
                .orElse(compiledFor != null && spec.equals(compiledFor) ? compiled : null);
        String weights = trainedWeights.map(org.convscope.app.TrainedWeights::description)
                .orElse("untrained weights, seed " + SEED);
        running = executor.submit(BackgroundJob.of("Feature maps", (token, progress) -> {
            CompiledModel m = built != null ? built : engine.get().compile(spec, SEED);
            token.throwIfCancelled();
            Raster img = cached != null ? cached : load(name);
            Volume shown;
            List<org.convscope.imaging.FilterTiles.Row> rows = List.of();
            double[] biases = new double[0];
            Volume layerInput = null;
            if (filters) {
                Volume[] fs = m.filters(layerNow);
                biases = m.biases(layerNow);
                rows = org.convscope.imaging.FilterTiles.render(fs, pageNow * PAGE, PAGE, 48);
                shown = Volume.stackChannel(fs, 0); // the rows show every channel; these tiles (for export) the first
                if (layerNow > 1) { // what the layer sees, for stepping through one of its filters
                    synchronized (m) {
                        layerInput = engine.get().forward(m, ModelInput.prepare(img, spec.input()), token)
                                .layer(layerNow - 1).output();
                    }
                }
            } else {
                synchronized (m) { // a network is not safe for two forward passes at once
                    Volume prepared = ModelInput.prepare(img, spec.input());
                    var acts = engine.get().forward(m, prepared, token);
                    shown = acts.layer(layerNow).output();
                    layerInput = layerNow == 1 ? engine.get().preprocess(m, prepared) : acts.layer(layerNow - 1).output();
                }
            }
            token.throwIfCancelled();
            List<FeatureTile> out = TileRenderer.render(shown, pageNow * PAGE, PAGE, normNow, coloursNow, 96);
            String inputName = layerNow == 1 ? shortName(name)
                    : "the " + layerInput.channels() + " maps of layer " + (layerNow - 1) + " for " + shortName(name);
            return new Result(m, spec, img, out, shown.channels(), rows, biases, layerInput, inputName);
        }).onSuccess(r -> {
            if (gen != generation) {
                return; // a newer request is on its way
            }
            if (trainedWeights.isEmpty()) {
                compiled = r.model(); // kept for the next render; trained weights stay with the session
                compiledFor = r.spec();
            }
            image = r.image();
            shown = r;
            channelsInLayer = r.channels();
            tiles.setAll(r.tiles());
            filterBiases = r.biases();
            filterRows.setAll(r.rows());
            busy.set(false);
            int first = pageNow * PAGE + 1;
            status.set((filters ? "Filters " : "Maps ") + first + "-" + (first + r.tiles().size() - 1) + " of "
                    + r.channels() + (filters ? " (" + weights + "; click a filter to step through it)"
                    : " for " + shortName(name) + " (" + weights + ")"));
        }).onFailure(e -> {
            if (gen == generation) {
                busy.set(false);
                tiles.clear();
                error.set(Dialogs.describe(e));
            }
        }).onCancelled(() -> {
            if (gen == generation) {
                busy.set(false);
            }
        }));
    }

    /**
     * How the shown Conv2D layer applies filter {@code f}: its strides and padding, the filter's bias, and ReLU when
     * that is the layer's activation (other activations are not applied), so that stepping through it ends on the
     * map's own values. Null when the shown layer is not a Conv2D layer.
     */
    org.convscope.core.conv.ConvSettings convSettingsOf(int f) {
        Result r = shown;
        if (r == null || layer < 1 || layer > r.spec().layers().size()
                || !(r.spec().layers().get(layer - 1) instanceof org.convscope.core.model.LayerSpec.Conv2D c)) {
            return null;
        }
        double[] b = r.model().biases(layer);
        return org.convscope.core.conv.ConvSettings.DEFAULT.withStrides(c.strides()).withPadding(c.padding())
                .withBias(f >= 0 && f < b.length ? b[f] : 0)
                .withRelu(c.activation() == org.convscope.core.model.Activation.RELU);
    }

    /** What the shown layer sees (the previous layer's output, or the prepared image), and what it is; null before a render. */
    Volume layerInput() {
        Result r = shown;
        return r == null ? null : r.layerInput();
    }

    String layerInputName() {
        Result r = shown;
        return r == null ? "" : r.inputName();
    }

    private record Result(CompiledModel model, ModelSpec spec, Raster image, List<FeatureTile> tiles, int channels,
                          List<org.convscope.imaging.FilterTiles.Row> rows, double[] biases, Volume layerInput,
                          String inputName) {
    }

    /** The file name of a path or sample name, for captions. */
    static String shortName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    private static Raster load(String name) throws Exception {
        if (name.contains("/") || name.contains("\\")) {
            return Images.read(java.nio.file.Path.of(name), Images.DEFAULT_MAX_PIXELS);
        }
        try (var in = FeatureMapsViewModel.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new java.io.IOException("the bundled sample " + name + " is missing");
            }
            return Images.decode(in.readAllBytes(), name, Images.DEFAULT_MAX_PIXELS);
        }
    }
}
