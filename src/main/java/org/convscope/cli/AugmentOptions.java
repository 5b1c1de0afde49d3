package org.convscope.cli;

import java.util.Locale;
import org.convscope.core.train.AffineWarp;
import org.convscope.core.train.Augmentation;
import picocli.CommandLine.Option;

/**
 * The augmentation settings of {@code augment}, {@code train} and {@code bench train}, named after Keras'
 * {@code ImageDataGenerator} arguments (a picocli mixin). Settings left out are off.
 */
final class AugmentOptions {

    @Option(names = "--rotation", paramLabel = "DEG", description = "Random turns of up to DEG degrees either way (Keras rotation_range).")
    Double rotation;

    @Option(names = "--width-shift", paramLabel = "F|PX", description = "Random left-right shifts: a fraction of the width below 1, or whole pixels (Keras width_shift_range).")
    Double widthShift;

    @Option(names = "--height-shift", paramLabel = "F|PX", description = "Random up-down shifts: a fraction of the height below 1, or whole pixels.")
    Double heightShift;

    @Option(names = "--shear", paramLabel = "DEG", description = "Random shear of up to DEG degrees (Keras shear_range, which is in degrees).")
    Double shear;

    @Option(names = "--zoom", paramLabel = "Z", description = "Random scale from 1-Z to 1+Z per axis (Keras zoom_range), Z below 1.")
    Double zoom;

    @Option(names = "--flip", paramLabel = "h|v|hv|none", description = "Random mirroring: h left-right, v top-bottom, hv both (each with probability 1/2).")
    String flip;

    @Option(names = "--brightness", paramLabel = "LOW,HIGH", description = "Random brightness factor from LOW to HIGH, e.g. 0.8,1.2 (Keras brightness_range).")
    String brightness;

    @Option(names = "--fill", paramLabel = "nearest|constant|reflect",
            description = "What shows where the image moved away: the nearest edge pixel (default, as Keras), black (constant) or a mirror image.")
    String fill;

    /** Returns true if any setting was given. */
    boolean any() {
        return rotation != null || widthShift != null || heightShift != null || shear != null || zoom != null
                || flip != null || brightness != null || fill != null;
    }

    /**
     * Returns the settings given, all others off; fill {@code nearest} unless given.
     *
     * @throws IllegalArgumentException with a message naming the option
     */
    Augmentation build() {
        double low = 1;
        double high = 1;
        if (brightness != null) {
            String[] parts = brightness.split(",");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                low = Double.parseDouble(parts[0].strip());
                high = Double.parseDouble(parts[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(Messages.get("augment.brightness", brightness));
            }
        }
        boolean h = false;
        boolean v = false;
        if (flip != null) {
            switch (flip.strip().toLowerCase(Locale.ROOT)) {
                case "h" -> h = true;
                case "v" -> v = true;
                case "hv", "vh" -> {
                    h = true;
                    v = true;
                }
                case "none" -> { }
                default -> throw new IllegalArgumentException(Messages.get("augment.flip", flip));
            }
        }
        AffineWarp.Fill f = AffineWarp.Fill.NEAREST;
        if (fill != null) {
            try {
                f = AffineWarp.Fill.valueOf(fill.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Messages.get("augment.fill", fill));
            }
        }
        try {
            return new Augmentation(value(rotation), value(heightShift), value(widthShift), h, v, value(zoom), value(shear),
                    low, high, f);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.get("augmentation", e.getMessage()));
        }
    }

    private static double value(Double d) {
        return d == null ? 0 : d;
    }
}
