package org.convscope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convscope.core.image.Raster;
import org.convscope.core.image.RasterGrid;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.core.train.Augmentation;
import org.convscope.data.CifarFormatException;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convscope augment}: writes a grid of randomly augmented copies of one image, the preview of what
 * {@code train} with the same settings feeds the network.
 */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = {"Write a grid PNG of randomly augmented copies of one image (Keras ImageDataGenerator settings).",
                "Without settings: the seed tutorial's rotation 40, shifts 0.2, shear 0.2, zoom 0.2, flip h, fill nearest.",
                "The same settings work with 'convscope train'."},
        footer = {"", "Example: convscope augment cat.png --rotation 40 --zoom 0.2 --flip h --count 16 --seed 1 --out grid.png"})
final class AugmentCommand implements Callable<Integer> {

    /** Images with a longer side above this are shrunk to it first (unless --size says otherwise). */
    static final int DEFAULT_MAX_SIDE = 256;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", descriptionKey = "imageParameter",
            description = "The image (PNG, JPEG, ...); default: a training image of the bundled CIFAR-10 sample (--index).")
    Path image;

    @Option(names = "--index", defaultValue = "0", paramLabel = "N", description = "Which bundled sample image without IMAGE (default: ${DEFAULT-VALUE}).")
    int index;

    @CommandLine.Mixin
    AugmentOptions settings;

    @Option(names = "--count", defaultValue = "16", paramLabel = "N", description = "Augmented copies (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--columns", paramLabel = "N", description = "Copies per row (default: the square root of --count, rounded up).")
    Integer columns;

    @Option(names = "--scale", paramLabel = "K", description = "Enlarge every pixel to KxK (default: enough for 128-pixel cells).")
    Integer scale;

    @Option(names = "--size", paramLabel = "N", description = "Resize the image so its longer side is N first (default: only above "
            + DEFAULT_MAX_SIDE + ").")
    Integer size;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the random changes: the same seed gives the same grid (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "GRID.png", description = "The grid PNG, written atomically.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Augmentation a;
        Raster source;
        try {
            if (count < 1 || count > 1024) {
                throw new IllegalArgumentException(Messages.get("augment.count", count));
            }
            if (columns != null && columns < 1 || scale != null && (scale < 1 || scale > 64) || size != null && (size < 1 || size > 4096)) {
                throw new IllegalArgumentException(Messages.get("augment.sizes"));
            }
            a = settings.any() ? settings.build() : Augmentation.KERAS_TUTORIAL;
            source = read();
        } catch (IllegalArgumentException | ImageLoadException | CifarFormatException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println(Messages.errorOf("sample.cannotRead", e.getMessage()));
            return 1;
        }
        int longSide = Math.max(source.height(), source.width());
        int target = size != null ? size : Math.min(longSide, DEFAULT_MAX_SIDE);
        if (target != longSide) {
            source = Images.resizeLongSide(source, target, target < longSide ? Images.Interpolation.AREA : Images.Interpolation.NEAREST);
            longSide = Math.max(source.height(), source.width());
        }
        int k = scale != null ? scale : Math.max(1, (int) Math.ceil(128.0 / longSide));
        int cols = columns != null ? columns : (int) Math.ceil(Math.sqrt(count));
        Raster grid;
        try {
            grid = RasterGrid.of(a.variants(source, count, seed), cols, k, 4);
        } catch (IllegalArgumentException e) {
            err.println(Messages.error(e.getMessage()));
            return ConvScopeCli.EXIT_BAD_INPUT;
        }
        try {
            Images.writePng(grid, out);
        } catch (IOException e) {
            err.println(Messages.errorOf("cannotWrite", out, e.getMessage()));
            return 1;
        }
        stdout.println(Messages.get("augmentation", a.describe()));
        stdout.println(Messages.get("augment.wrote", out, count, source.width(), source.height(), k, grid.width(), grid.height(), seed));
        stdout.flush();
        return 0;
    }

    private Raster read() throws ImageLoadException, IOException, CifarFormatException {
        if (image != null) {
            return Images.read(image, Images.DEFAULT_MAX_PIXELS);
        }
        CifarImages sample = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE).train();
        if (index < 0 || index >= sample.size()) {
            throw new IllegalArgumentException(Messages.get("augment.index", sample.size() - 1, index));
        }
        return sample.image(index);
    }
}
