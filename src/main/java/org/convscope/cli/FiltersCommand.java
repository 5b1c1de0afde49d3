package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.imaging.FeatureTile;
import org.convscope.imaging.Images;
import org.convscope.imaging.TileRenderer;
import org.convscope.imaging.TileSheet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope filters}: a Conv2D layer's filters, one input channel at a time, as a labelled PNG grid. */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "Save a Conv2D layer's filters (a saved trained model's, or untrained ones from a fixed seed) as min-max normalised, enlarged tiles.")
final class FiltersCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ModelArgument source;

    @Option(names = {"-l", "--layer"}, required = true, paramLabel = "N|NAME", description = "A Conv2D or DepthwiseConv2D layer (one tile per channel): number or name.")
    String layer;

    @Option(names = "--channel", defaultValue = "1", description = "Which input channel of the filters, 1-based (default: ${DEFAULT-VALUE}).")
    int channel;

    @Option(names = "--colormap", defaultValue = "gray", description = "gray, viridis or diverging (default: ${DEFAULT-VALUE}).")
    String colormap;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "tiles.png", description = "The PNG to write.")
    Path out;

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
        if (!ModelSource.fitsHeap(model, org.convscope.core.analysis.MemoryEstimate::inferenceBytes, Messages.get("filters.heap"), err)) {
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        try {
            int index = FeatureMapsCommand.resolveLayer(model, layer);
            if (!(model.layers().get(index - 1) instanceof LayerSpec.Conv2D
                    || model.layers().get(index - 1) instanceof LayerSpec.DepthwiseConv2D)) {
                err.println(Messages.errorOf("filters.notConv", index, model.layers().get(index - 1).type()));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            Volume[] fs = source.network(org.convscope.app.Engines.create(), model, seed).filters(index);
            int cin = fs[0].channels();
            if (channel < 1 || channel > cin) {
                err.println(Messages.errorOf("filters.channel", cin));
                return ConvScopeCli.EXIT_BAD_INPUT;
            }
            Volume stack = Volume.stackChannel(fs, channel - 1);
            List<FeatureTile> tiles = TileRenderer.render(stack, 0, fs.length, TileRenderer.Normalisation.PER_MAP,
                    FeatureMapsCommand.colours(colormap), 48);
            String title = Messages.get("filters.title", model.name(), index, fs.length, fs[0].height(), fs[0].width(), channel, cin, source.weights(seed));
            Images.writePng(TileSheet.compose(tiles, 16, title), out);
            err.println(Messages.get("filters.wrote", out, fs.length, fs[0].height(), fs[0].width(), cin));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
    }
}
