package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.app.TrainedWeights;
import org.convscope.app.WeightsVersion;
import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.FeatureTile;
import org.convscope.imaging.FilterTiles;
import org.convscope.imaging.Images;
import org.convscope.imaging.TileRenderer;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;

/**
 * State of the Feature maps &amp; Filters screen: which image, which layer, which page of 64 maps, how
 * they are coloured, the rendered tiles and the numbers panel of a clicked tile.
 *
 * <p>Rendering (build the network, run the image forward, draw the tiles) runs on the executor; a newer
 * request cancels an older one and stale results are dropped. The network is built once per model
 * and kept until the model changes. What is shown names the weights it was computed from; when the session's
 * weights or model change, the tiles and the numbers are cleared at once, with the reason, and computed again.
 */
final class FeatureMapsViewModel {

    /** Maps per page: the seed's 8x8 grid. */
    static final int PAGE = MapsRender.PAGE;

    private final ModelSession session;
    private final Supplier<Engine> engine;
    private final TaskExecutor executor;
    private final ObservableList<FeatureTile> tiles = FXCollections.observableArrayList();
    private final ObservableList<FilterTiles.Row> filterRows = FXCollections.observableArrayList();
    private double[] filterBiases = new double[0];
    private final ObservableList<LayerChoice> layers = FXCollections.observableArrayList();
    private final ObservableList<LayerChoice> convLayers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final NumbersPanel numbers = new NumbersPanel();
    private final ReadOnlyObjectWrapper<WeightsVersion> shownWeights = new ReadOnlyObjectWrapper<>(this, "shownWeights");
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
    private MapsRender.Result shown;
    private int epochShown; // 0: the final (or untrained) weights; otherwise a checkpoint's epoch
    private long generation;
    private TaskExecutor.JobHandle running;
    private boolean active;
    private ModelSpec seenModel;
    private WeightsVersion seenWeights;
    private String changed; // why what was shown went, until the new render is shown; null otherwise

    FeatureMapsViewModel(ModelSession session, Supplier<Engine> engine, TaskExecutor executor) {
        this.session = session;
        this.engine = engine;
        this.executor = executor;
        // the model property changes before the weights property: both see the session's new state at once
        session.modelProperty().addListener((o, a, b) -> sessionChanged());
        session.weightsProperty().addListener((o, a, b) -> sessionChanged());
        sessionChanged();
    }

    // Properties

    ObservableList<FeatureTile> tiles() {
        return tiles;
    }

    /** In filters mode: one row per filter of the page (tiles per input channel, RGB composite). */
    ObservableList<FilterTiles.Row> filterRows() {
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

    /** The numbers panel of a clicked tile. */
    NumbersPanel numbers() {
        return numbers;
    }

    /** The weights the shown tiles were computed from; null while none are shown. */
    ReadOnlyObjectProperty<WeightsVersion> shownWeightsProperty() {
        return shownWeights.getReadOnlyProperty();
    }

    /**
     * For a map of a Conv2D layer: the filter that made it, {@code (kh, kw, C_in)}, from the weights of the last
     * render (empty for other layers, in the Filters view, or before anything was shown).
     *
     * @param channel the map's 0-based channel
     */
    Optional<Volume> filterOfMap(int channel) {
        MapsRender.Result r = shown;
        if (r == null || r.filters() || !(r.spec().layers().get(r.layer() - 1) instanceof LayerSpec.Conv2D)) {
            return Optional.empty();
        }
        Volume[] fs = r.model().filters(r.layer());
        return channel >= 0 && channel < fs.length ? Optional.of(fs[channel]) : Optional.empty();
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

    /** How many maps (or filters) the shown layer has, over all pages; 0 before any are shown. */
    int channelsInLayer() {
        return channelsInLayer;
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

    /** Shows page {@code p} (from 0) of the layer's maps, as a lesson saved it. */
    void showPage(int p) {
        page = Math.max(0, p);
        refresh();
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
    List<TrainedWeights.Checkpoint> checkpoints() {
        return session.trainedFor(session.getModel()).map(TrainedWeights::checkpoints).orElse(List.of());
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

    /**
     * The Weights choice's text for an epoch: {@code final: run 2, after epoch 10} for 0, a checkpoint's version
     * (e.g. {@code run 2, after epoch 3}) otherwise.
     */
    String weightsChoiceLabel(int epoch) {
        if (epoch == 0) {
            return tr("maps.final", session.session().weights().label());
        }
        return checkpoints().stream().filter(c -> c.epoch() == epoch).findFirst()
                .map(c -> c.version().label()).orElse(tr("maps.afterEpoch", epoch));
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
     * Shows the numbers of a tile of the last render in the numbers panel, named with the weights they came from;
     * later renders of the same layer (new weights, another scale) show the same map's new numbers.
     */
    void showNumbers(FeatureTile tile) {
        MapsRender.Result r = shown;
        if (r == null || !r.tiles().contains(tile)) {
            return; // not a tile of what is shown
        }
        numbers.show(r, tile);
    }

    /**
     * Writes the shown tiles as one labelled PNG, in the background.
     *
     * @param file the target
     */
    void exportPng(java.nio.file.Path file) {
        List<FeatureTile> shownTiles = List.copyOf(tiles);
        WeightsVersion w = shownWeights.get();
        String title = tr(showFilters ? "maps.pngTitle.filters" : "maps.pngTitle.maps", session.getModel().name(), layer,
                MapsRender.shortName(imageName)) + (w == null ? "" : " (" + w.label() + ")");
        executor.submit(BackgroundJob.of("Export PNG", (token, progress) -> {
            Images.writePng(org.convscope.imaging.TileSheet.compose(shownTiles, 8, title), file);
            return file;
        }).onSuccess(f -> status.set(tr("maps.exported", f))).onFailure(e -> error.set(tr("maps.couldNotExport", Dialogs.describe(e)))));
    }

    /** Opens the GIF of the shown layer through the run's checkpoints ({@link MapsExport}); results go to the status. */
    void exportGif(javafx.stage.Window owner) {
        MapsExport.open(owner, executor, engine, checkpoints(), layer, page, showFilters, image, imageName, norm, colours, this::say);
    }

    /** Shows an export's result on the status line. */
    void say(String line) {
        status.set(line);
    }

    /** The model or its weights changed: what is shown was computed from other weights, so it goes, and is redone. */
    private void sessionChanged() {
        ModelSpec model = session.session().model();
        WeightsVersion weights = session.session().weights();
        boolean modelChanged = !model.equals(seenModel);
        if (!modelChanged && weights.equals(seenWeights)) {
            return; // the second of the two notifications of one change
        }
        boolean first = seenWeights == null;
        seenModel = model;
        if (!weights.equals(seenWeights)) {
            epochShown = 0; // new weights: show their final state
        }
        seenWeights = weights;
        if (modelChanged) {
            updateLayers(model);
        }
        if (!first) {
            dropShown(tr(modelChanged ? "maps.modelChanged" : "maps.weightsChanged", weights.label()));
        }
        refresh();
    }

    private void updateLayers(ModelSpec model) {
        List<LayerChoice> all = LayerChoice.of(model, false);
        List<LayerChoice> conv = LayerChoice.of(model, true);
        layers.setAll(all);
        convLayers.setAll(conv);
        if (all.stream().noneMatch(c -> c.index() == layer)) {
            layer = all.isEmpty() ? 1 : all.get(0).index();
            page = 0;
        }
    }

    /**
     * Clears the tiles, the filters and the numbers panel, which were computed from weights that are no longer the
     * session's, and says why; a render still running for them is dropped.
     */
    private void dropShown(String why) {
        generation++;
        if (running != null) {
            running.cancel();
            running = null;
        }
        busy.set(false);
        clearShown();
        changed = why;
        status.set(active ? tr("maps.computingAgain", why) : why + ".");
        numbers.stale(why, active);
    }

    private void clearShown() {
        tiles.clear();
        filterRows.clear();
        filterBiases = new double[0];
        shown = null;
        channelsInLayer = 0;
        shownWeights.set(null);
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
        if (refused(spec)) {
            return;
        }
        long gen = ++generation;
        if (running != null) {
            running.cancel();
        }
        busy.set(true);
        error.set("");
        Optional<TrainedWeights> weights = weightsToShow(spec);
        status.set(changed != null ? tr("maps.computingAgain", changed)
                : weights.isEmpty() && (compiled == null || !spec.equals(compiledFor)) ? tr("stepper.building")
                : tr("maps.computing"));
        CompiledModel built = weights.map(TrainedWeights::model)
                .orElse(compiledFor != null && spec.equals(compiledFor) ? compiled : null);
        var request = new MapsRender.Request(spec, built, weights.map(TrainedWeights::version)
                .orElse(session.session().weights()), layer, page, showFilters, norm, colours, imageName, image);
        boolean untrained = weights.isEmpty();
        running = executor.submit(BackgroundJob.of("Feature maps", (token, progress) ->
                MapsRender.run(request, engine, token)).onSuccess(r -> {
                    if (gen == generation) { // else a newer request is on its way
                        show(r, untrained, request);
                    }
                }).onFailure(e -> {
                    if (gen == generation) {
                        busy.set(false);
                        clearShown();
                        numbers.clear();
                        changed = null;
                        status.set(tr("maps.couldNotCompute"));
                        error.set(Dialogs.describe(e));
                    }
                }).onCancelled(() -> {
                    if (gen == generation) {
                        busy.set(false);
                    }
                }));
    }

    /**
     * Whether the screen refuses {@code spec} (it cannot be built, is too big, or has no such layers); if so, clears
     * everything and says why, the header naming the refusal rather than a page count.
     */
    private boolean refused(ModelSpec spec) {
        var refusal = MapsLimits.check(spec, !(showFilters ? convLayers : layers).isEmpty(), showFilters,
                Runtime.getRuntime().maxMemory());
        if (refusal.isEmpty()) {
            return false;
        }
        generation++; // a render still running for an earlier model must not show up under this message
        if (running != null) {
            running.cancel();
            running = null;
        }
        busy.set(false);
        clearShown();
        numbers.clear();
        changed = null;
        status.set(refusal.get().headline());
        error.set(refusal.get().reason());
        return true;
    }

    /** The trained weights to show (a checkpoint's when the time machine is used), or empty for untrained ones. */
    private Optional<TrainedWeights> weightsToShow(ModelSpec spec) {
        var finalWeights = session.trainedFor(spec);
        var checkpoint = finalWeights.flatMap(t -> t.checkpoints().stream().filter(c -> c.epoch() == epochShown).findFirst());
        return checkpoint.isPresent() ? checkpoint.map(TrainedWeights.Checkpoint::asWeights) : finalWeights;
    }

    private void show(MapsRender.Result r, boolean untrained, MapsRender.Request request) {
        if (untrained) {
            compiled = r.model(); // kept for the next render; trained weights stay with the session
            compiledFor = r.spec();
        }
        image = r.image();
        shown = r;
        changed = null;
        channelsInLayer = r.channels();
        tiles.setAll(r.tiles());
        filterBiases = r.biases();
        filterRows.setAll(r.rows());
        shownWeights.set(r.weights());
        busy.set(false);
        int first = request.page() * PAGE + 1;
        String range = first + "-" + (first + r.tiles().size() - 1);
        status.set(r.filters() ? tr("maps.shownFilters", range, r.channels(), r.weights().label())
                : tr("maps.shownMaps", range, r.channels(), MapsRender.shortName(request.imageName()), r.weights().label()));
        numbers.follow(r); // the numbers panel shows its map's new numbers, or is cleared
    }

    /**
     * How the shown Conv2D layer applies filter {@code f}: its strides and padding, the filter's bias, and ReLU when
     * that is the layer's activation (other activations are not applied), so that stepping through it ends on the
     * map's own values. Null when the shown layer is not a Conv2D layer.
     */
    org.convscope.core.conv.ConvSettings convSettingsOf(int f) {
        return LayerConvSettings.of(shown, f);
    }

    /** A shown SeparableConv2D layer's 1x1 kernel as one matrix tile (the filter rows are its depthwise part), or null. */
    FilterTiles.Row pointwiseRow() {
        MapsRender.Result r = shown;
        return r == null ? null : r.pointwise();
    }

    /** What the shown layer sees (the previous layer's output, or the prepared image), and what it is; null before a render. */
    Volume layerInput() {
        MapsRender.Result r = shown;
        return r == null ? null : r.layerInput();
    }

    String layerInputName() {
        MapsRender.Result r = shown;
        return r == null ? "" : r.inputName();
    }
}
