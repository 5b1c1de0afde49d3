package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.convscope.app.Engines;
import org.convscope.engine.Engine;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.FeatureTile;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import org.convscope.imaging.ModelInput;
import org.convscope.imaging.TileRenderer;
import org.convscope.imaging.TileSheet;
import org.convscope.io.MatrixCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convscope featuremaps} and {@code convscope filters}: a layer's maps for an image, or a Conv2D
 * layer's filters, as a labelled PNG grid (64 per page, like the seed's 8x8 plot).
 */
@Command(name = "featuremaps", mixinStandardHelpOptions = true,
        description = "Send an image through a model (a saved trained model's weights, or untrained ones from a fixed seed) and save a layer's feature maps as a PNG grid.")
final class FeatureMapsCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ModelArgument source;

    @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMG", description = "The image to send through the model.")
    Path image;

    @Option(names = {"-l", "--layer"}, required = true, paramLabel = "N|NAME", description = "Layer number (1-based) or name, e.g. conv2d_1.")
    String layer;

    @Option(names = "--page", defaultValue = "1", description = "Page of 64 maps (default: ${DEFAULT-VALUE}).")
    int page;

    @Option(names = "--colormap", defaultValue = "gray", description = "gray, viridis or diverging (default: ${DEFAULT-VALUE}).")
    String colormap;

    @Option(names = "--per-layer", description = "Scale all maps of the layer together instead of each on its own.")
    boolean perLayer;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "grid.png", description = "The PNG to write.")
    Path out;

    @Option(names = "--values", paramLabel = "OUT.csv", description = "Also write the raw values of one map (see --map) as CSV.")
    Path values;

    @Option(names = "--map", defaultValue = "1", description = "Which map --values writes, 1-based (default: ${DEFAULT-VALUE}).")
    int map;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        var loaded = source.load(err);
        if (loaded.isEmpty()) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        ModelSpec model = loaded.get();
        if (!ModelSource.fitsHeap(model, org.convscope.core.analysis.MemoryEstimate::inferenceBytes, Messages.get("maps.heap"), err)) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        try {
            int index = resolveLayer(model, layer);
            ColorMaps colours = colours(colormap);
            Engine engine = Engines.create();
            CompiledModel compiled = source.network(engine, model, seed);
            Volume input = ModelInput.prepare(Images.read(image, Images.DEFAULT_MAX_PIXELS), model.input());
            long t0 = System.nanoTime();
            var act = engine.forward(compiled, input).layer(index);
            if (act.flat()) {
                err.println(Messages.errorOf("maps.vector", index, act.name()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            Volume maps = act.output();
            int pages = (maps.channels() + 63) / 64;
            if (page < 1 || page > pages) {
                err.println(Messages.errorOf("maps.page", pages, maps.channels()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            List<FeatureTile> tiles = TileRenderer.render(maps, (page - 1) * 64, 64,
                    perLayer ? TileRenderer.Normalisation.PER_LAYER : TileRenderer.Normalisation.PER_MAP, colours, 96);
            double ms = (System.nanoTime() - t0) / 1e6;
            String title = Messages.get("maps.title", model.name(), index,
                    act.name(), act.type(), maps.height(), maps.width(), maps.channels(), (page - 1) * 64 + 1,
                    (page - 1) * 64 + tiles.size(), image.getFileName(), source.weights(seed));
            Images.writePng(TileSheet.compose(tiles, 8, title), out);
            err.println(Messages.get("maps.wrote", out, tiles.size(), maps.height(), maps.width(), ms));
            if (values != null) {
                if (map < 1 || map > maps.channels()) {
                    err.println(Messages.errorOf("maps.map", maps.channels()));
                    return ConvScopeCli.EXIT_BAD_INPUT;
                }
                MatrixCsv.write(maps.channel(map - 1), values);
                err.println(Messages.get("maps.wroteValues", values, map, maps.height(), maps.width()));
            }
            return 0;
        } catch (IllegalArgumentException | ImageLoadException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }

    static int resolveLayer(ModelSpec model, String layer) {
        ModelAnalysis a = ModelAnalyzer.analyze(model);
        if (!a.valid()) {
            throw new IllegalArgumentException(Messages.get("model.cannotBuildBecause", a.problem().orElseThrow().describe()));
        }
        List<String> names = ModelAnalyzer.layerNames(model);
        try {
            int n = Integer.parseInt(layer.strip());
            if (n < 1 || n > names.size()) {
                throw new IllegalArgumentException(Messages.get("layer.range", names.size(), String.join(", ", names)));
            }
            return n;
        } catch (NumberFormatException e) {
            int i = names.indexOf(layer.strip());
            if (i < 0) {
                throw new IllegalArgumentException(Messages.get("layer.noName", layer, String.join(", ", names)));
            }
            return i + 1;
        }
    }

    static ColorMaps colours(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gray":
            case "grey":
                return ColorMaps.GRAY;
            case "viridis":
                return ColorMaps.VIRIDIS;
            case "diverging":
                return ColorMaps.DIVERGING;
            default:
                throw new IllegalArgumentException(Messages.get("colormap.bad", name));
        }
    }
}
