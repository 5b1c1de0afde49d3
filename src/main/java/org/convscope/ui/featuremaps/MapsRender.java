package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import java.util.function.Supplier;
import org.convscope.app.WeightsVersion;
import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.FeatureTile;
import org.convscope.imaging.FilterTiles;
import org.convscope.imaging.Images;
import org.convscope.imaging.ModelInput;
import org.convscope.imaging.TileRenderer;

/**
 * One render of the Feature maps &amp; Filters screen, done in the background: what was asked ({@link Request}), and
 * what came out ({@link Result}), which names the weights it was computed from so that the screen never shows it as
 * the numbers of other weights.
 */
final class MapsRender {

    /** Maps per page: the seed's 8x8 grid. */
    static final int PAGE = 64;
    /** The seed for the untrained network's weights. */
    static final long SEED = 42;

    private MapsRender() {
    }

    /**
     * What to render.
     *
     * @param spec the model
     * @param built the network with the weights to show, or null to build it with {@link #SEED}
     * @param weights which weights these are (the label the result carries)
     * @param layer the 1-based layer
     * @param page the page of {@link #PAGE} maps or filters
     * @param filters true for the layer's filters, false for its maps
     * @param norm how maps are scaled to gray
     * @param colours the colour map of the maps
     * @param imageName a bundled sample's name or an image file's path
     * @param cached the image already read for {@code imageName}, or null
     */
    record Request(ModelSpec spec, CompiledModel built, WeightsVersion weights, int layer, int page, boolean filters,
                   TileRenderer.Normalisation norm, ColorMaps colours, String imageName, Raster cached) {
    }

    /**
     * A finished render.
     *
     * @param model the network it used (kept to read filters and biases of the same weights)
     * @param weights the weights it was computed from
     * @param layer the layer shown
     * @param filters true when {@code tiles} are filters
     * @param tiles the page's tiles
     * @param channels maps (or filters) in the layer
     * @param rows in filters mode, one row per filter of the page
     * @param biases in filters mode, the layer's biases
     * @param layerInput what the layer sees
     * @param inputName what that input is, for the stepper's status line
     * @param pointwise in filters mode for a SeparableConv2D layer, its 1x1 kernel as one matrix tile (inputs down,
     *        filters across; {@code rows} then hold its depthwise part); else null
     */
    record Result(CompiledModel model, ModelSpec spec, WeightsVersion weights, int layer, boolean filters, Raster image,
                  List<FeatureTile> tiles, int channels, List<FilterTiles.Row> rows, double[] biases, Volume layerInput,
                  String inputName, FilterTiles.Row pointwise) {
    }

    /** Pixels the pointwise matrix's longer side is drawn at (each weight a square of whole pixels). */
    static final int POINTWISE_SIZE = 192;

    /** Builds the network if needed, runs the image through it and draws the page's tiles. */
    static Result run(Request q, Supplier<Engine> engine, CancelToken token) throws Exception {
        CompiledModel m = q.built() != null ? q.built() : engine.get().compile(q.spec(), SEED);
        token.throwIfCancelled();
        Raster img = q.cached() != null ? q.cached() : load(q.imageName());
        int layer = q.layer();
        int from = inputOf(q.spec(), layer);
        Volume shown;
        List<FilterTiles.Row> rows = List.of();
        double[] biases = new double[0];
        Volume layerInput = null;
        FilterTiles.Row pointwise = null;
        if (q.filters()) {
            Volume[] fs = m.filters(layer);
            biases = q.spec().layers().get(layer - 1) instanceof LayerSpec.Conv2D ? m.biases(layer) : new double[0];
            rows = FilterTiles.render(fs, q.page() * PAGE, PAGE, 48);
            if (q.spec().layers().get(layer - 1) instanceof LayerSpec.SeparableConv2D) {
                pointwise = FilterTiles.render(new Volume[] {m.pointwise(layer)}, 0, 1, POINTWISE_SIZE).get(0);
            }
            shown = Volume.stackChannel(fs, 0); // the rows show every channel; these tiles (for export) the first
            if (from > 0) { // what the layer sees, for stepping through one of its filters
                synchronized (m) {
                    layerInput = engine.get().forward(m, ModelInput.prepare(img, q.spec().input()), token)
                            .layer(from).output();
                }
            }
        } else {
            synchronized (m) { // a network is not safe for two forward passes at once
                Volume prepared = ModelInput.prepare(img, q.spec().input());
                var acts = engine.get().forward(m, prepared, token);
                shown = acts.layer(layer).output();
                layerInput = from == 0 ? engine.get().preprocess(m, prepared) : acts.layer(from).output();
            }
        }
        token.throwIfCancelled();
        List<FeatureTile> out = TileRenderer.render(shown, q.page() * PAGE, PAGE, q.norm(), q.colours(), 96);
        String inputName = from == 0 ? shortName(q.imageName())
                : tr("maps.layerInputName", layerInput.channels(), from, shortName(q.imageName()));
        return new Result(m, q.spec(), q.weights(), layer, q.filters(), img, out, shown.channels(), rows, biases,
                layerInput, inputName, pointwise);
    }

    /**
     * The 1-based layer whose output a layer takes (its first input at a join such as Add), 0 for the image: the
     * layer before it in a chain, the one it names in a graph model.
     */
    static int inputOf(ModelSpec spec, int layer) {
        if (!spec.isGraph()) {
            return layer - 1;
        }
        List<Integer> in = org.convscope.core.model.ModelGraph.of(spec).inputsOf(layer - 1); // 0-based, -1 the image
        return in.isEmpty() ? layer - 1 : in.get(0) + 1;
    }

    /** The file name of a path or sample name, for captions. */
    static String shortName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    /** Reads a bundled sample by name, or an image file by path. */
    static Raster load(String name) throws Exception {
        if (name.contains("/") || name.contains("\\")) {
            return Images.read(java.nio.file.Path.of(name), Images.DEFAULT_MAX_PIXELS);
        }
        try (var in = MapsRender.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new java.io.IOException(tr("maps.sampleMissing", name));
            }
            return Images.decode(in.readAllBytes(), name, Images.DEFAULT_MAX_PIXELS);
        }
    }
}
