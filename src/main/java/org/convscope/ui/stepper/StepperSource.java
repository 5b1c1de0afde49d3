package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.convscope.core.conv.Volume;
import org.convscope.core.image.Raster;
import org.convscope.imaging.Images;
import org.convscope.ui.common.InputSources;
import org.convscope.ui.stepper.StepperViewModel.Channels;

/**
 * What the stepper slides over: a seed matrix, an image (resized to the working size, in the chosen channels)
 * or the feature maps a deeper layer sees; and how the source selector and the status line name it.
 *
 * <p>Plain state without the toolkit; {@link StepperViewModel} changes it and recomputes.
 */
final class StepperSource {

    /** Built-in matrices from the seed tutorials, by display name. */
    static final Map<String, double[][]> SEED_MATRICES = InputSources.SEED_MATRICES;

    /** How the selector names a bundled sample image. */
    static final String SAMPLE_PREFIX = InputSources.SAMPLE_PREFIX;
    /** How the selector names an image file the user opened. */
    static final String IMAGE_PREFIX = InputSources.IMAGE_PREFIX;

    String name = SEED_MATRICES.keySet().iterator().next(); // for the status line
    String choice = name; // what the source selector shows
    double[][] seedMatrix = SEED_MATRICES.get(name);
    Raster image;
    Volume fed; // feature maps given as the input (a deeper layer's input), or null
    int workingSize = 16;
    boolean unitScale;
    Images.Interpolation interpolation = Images.Interpolation.AREA;
    Channels channels = Channels.GRAY;

    /** The bundled sample images, as the selector lists them after the seeds. */
    static List<String> sampleNames() {
        return InputSources.sampleNames();
    }

    /** The selector's list: the loaded input first when it is not a seed or a sample, then the seeds and samples. */
    List<String> choices() {
        List<String> out = new ArrayList<>(SEED_MATRICES.keySet());
        sampleNames().forEach(n -> out.add(SAMPLE_PREFIX + n));
        if (!out.contains(choice)) {
            out.add(0, choice);
        }
        return out;
    }

    void useSeed(String seedName) {
        name = seedName;
        choice = seedName;
        seedMatrix = SEED_MATRICES.get(seedName);
        image = null;
        fed = null;
    }

    /** A newly decoded image, in gray when it has one channel. */
    void useImage(Raster r, String fileName, String selectorName) {
        image = r;
        fed = null;
        name = fileName;
        choice = selectorName;
        channels = r.channels() == 1 ? Channels.GRAY : channels;
    }

    void useFeatureMaps(Volume maps, String mapsName) {
        fed = maps;
        name = mapsName;
        choice = mapsName;
    }

    /** The input as the stepper slides over it. */
    Volume build() {
        if (fed != null) {
            return fed;
        }
        if (image == null) {
            return Volume.of(seedMatrix);
        }
        Raster r = Images.resizeLongSide(image, workingSize, interpolation);
        switch (channels) {
            case RGB:
                return r.toVolume(unitScale);
            case RED:
            case GREEN:
            case BLUE:
                return r.channels() == 3 ? r.channel(channels.ordinal() - 1).toVolume(unitScale) : r.toVolume(unitScale);
            default:
                return Images.grayscale(r).toVolume(unitScale);
        }
    }

    /** The status line, e.g. {@code chelsea.png: 451 x 300 RGB -> working size 16 x 11 x 3}. */
    String describe(Volume input) {
        if (fed != null) {
            return name + ": " + fed.height() + " x " + fed.width() + " x " + fed.channels();
        }
        if (image == null) {
            return name;
        }
        return tr(image.channels() == 3 ? "stepper.sourceRgb" : "stepper.sourceGray", name,
                image.width() + " x " + image.height(), input.width() + " x " + input.height() + " x " + input.channels());
    }
}
