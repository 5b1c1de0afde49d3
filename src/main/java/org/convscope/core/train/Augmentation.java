package org.convscope.core.train;

import java.util.Locale;
import java.util.Random;
import org.convscope.core.image.Raster;

/**
 * Random changes to training images, new for every image in every epoch, so the network cannot memorise exact
 * pixels: the settings of Keras' {@code ImageDataGenerator} ({@code rotation_range}, {@code width_shift_range},
 * {@code height_shift_range}, {@code shear_range}, {@code zoom_range}, {@code horizontal_flip},
 * {@code vertical_flip}, {@code brightness_range}, {@code fill_mode}).
 *
 * <p>Each image gets one {@link Variant} drawn from these ranges, applied as one affine transform (see
 * {@link Variant#matrix}) with bilinear sampling, then the brightness factor. Images are channels-last
 * {@code (H, W, C)} float arrays with values in {@code [0, 1]}. The same {@link Random} sequence gives the same
 * changes, so a training run stays reproducible per seed.
 *
 * <p>Shifts follow Keras: a value below 1 is a fraction of the side, drawn uniformly from
 * {@code [-f * side, f * side]} pixels; a value of 1 or more is a whole number of pixels {@code n}, drawn as an
 * integer from {@code -n .. n}.
 *
 * @param rotation largest turn in degrees; the angle is uniform in {@code [-rotation, rotation]}, 0 to 180
 * @param heightShift largest shift up or down (fraction below 1, or whole pixels), 0 for none
 * @param widthShift largest shift left or right (fraction below 1, or whole pixels), 0 for none
 * @param horizontalFlip mirror left-right with probability 1/2
 * @param verticalFlip mirror top-bottom with probability 1/2
 * @param zoom Keras' {@code zoom_range} {@code z}: the row and column scales are drawn independently from
 *             {@code [1 - z, 1 + z]}; a scale above 1 samples a larger area (the picture shrinks), 0 to below 1
 * @param shear largest shear angle in degrees (Keras' {@code shear_range} is degrees: the seed's 0.2 is a fifth
 *              of a degree); the angle is uniform in {@code [-shear, shear]}, 0 to 80
 * @param brightnessLow smallest brightness factor (Keras' {@code brightness_range[0]}), 1 for none
 * @param brightnessHigh largest brightness factor; the factor is uniform in {@code [low, high]}, and values are
 *                       clipped to {@code [0, 1]} afterwards (PIL's {@code Brightness} clips at 255 likewise)
 * @param fill what points moved in from outside the image show
 */
public record Augmentation(double rotation, double heightShift, double widthShift, boolean horizontalFlip,
                           boolean verticalFlip, double zoom, double shear, double brightnessLow,
                           double brightnessHigh, AffineWarp.Fill fill) {

    /** No changes. */
    public static final Augmentation NONE = new Augmentation(0, 0, 0, false, false, 0, 0, 1, 1, AffineWarp.Fill.CONSTANT);

    /**
     * The usual CIFAR-10 choice: flip, and whole-pixel shifts of up to 4 pixels (an eighth of 32), zero fill. The
     * same random draws as before the affine version: one boolean, then two integers.
     */
    public static final Augmentation FLIP_AND_SHIFT_4 = new Augmentation(true, 4);

    /**
     * The seed tutorial's {@code ImageDataGenerator(rotation_range=40, width_shift_range=0.2,
     * height_shift_range=0.2, shear_range=0.2, zoom_range=0.2, horizontal_flip=True, fill_mode='nearest')}.
     */
    public static final Augmentation KERAS_TUTORIAL = new Augmentation(40, 0.2, 0.2, true, false, 0.2, 0.2, 1, 1,
            AffineWarp.Fill.NEAREST);

    /**
     * Flips and whole-pixel shifts only, with zero fill (the settings before rotation, zoom and shear existed).
     *
     * @param flip mirror left-right with probability 1/2
     * @param maxShift largest shift in pixels, rows and columns independently, from {@code -maxShift} to
     *                 {@code +maxShift}; 0 for none
     */
    public Augmentation(boolean flip, int maxShift) {
        this(0, maxShift, maxShift, flip, false, 0, 0, 1, 1, AffineWarp.Fill.CONSTANT);
    }

    /** Checks the ranges. */
    public Augmentation {
        check(rotation >= 0 && rotation <= 180, "the rotation must be 0 to 180 degrees, got " + rotation);
        checkShift(heightShift, "height");
        checkShift(widthShift, "width");
        check(zoom >= 0 && zoom < 1, "the zoom range must be at least 0 and below 1, got " + zoom);
        check(shear >= 0 && shear <= 80, "the shear must be 0 to 80 degrees, got " + shear);
        check(brightnessLow >= 0 && brightnessHigh >= brightnessLow && brightnessHigh <= 10,
                "the brightness range must be two factors 0 <= low <= high <= 10, got " + brightnessLow + ", " + brightnessHigh);
        check(fill != null, "a fill mode is needed");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void checkShift(double s, String which) {
        check(s >= 0 && Double.isFinite(s), "the " + which + " shift must be at least 0, got " + s);
        check(s < 1 || s == Math.rint(s), "the " + which + " shift is a fraction below 1 or a whole number of pixels, got " + s);
    }

    /** Returns true if this changes nothing. */
    public boolean none() {
        return rotation == 0 && heightShift == 0 && widthShift == 0 && !horizontalFlip && !verticalFlip && zoom == 0
                && shear == 0 && brightnessLow == 1 && brightnessHigh == 1;
    }

    /** Returns a copy with another rotation range (degrees). */
    public Augmentation withRotation(double degrees) {
        return new Augmentation(degrees, heightShift, widthShift, horizontalFlip, verticalFlip, zoom, shear, brightnessLow, brightnessHigh, fill);
    }

    /** Returns a copy with other shift ranges (fractions below 1, or whole pixels). */
    public Augmentation withShift(double height, double width) {
        return new Augmentation(rotation, height, width, horizontalFlip, verticalFlip, zoom, shear, brightnessLow, brightnessHigh, fill);
    }

    /** Returns a copy with other flips. */
    public Augmentation withFlips(boolean horizontal, boolean vertical) {
        return new Augmentation(rotation, heightShift, widthShift, horizontal, vertical, zoom, shear, brightnessLow, brightnessHigh, fill);
    }

    /** Returns a copy with another zoom range. */
    public Augmentation withZoom(double z) {
        return new Augmentation(rotation, heightShift, widthShift, horizontalFlip, verticalFlip, z, shear, brightnessLow, brightnessHigh, fill);
    }

    /** Returns a copy with another shear range (degrees). */
    public Augmentation withShear(double degrees) {
        return new Augmentation(rotation, heightShift, widthShift, horizontalFlip, verticalFlip, zoom, degrees, brightnessLow, brightnessHigh, fill);
    }

    /** Returns a copy with another brightness range. */
    public Augmentation withBrightness(double low, double high) {
        return new Augmentation(rotation, heightShift, widthShift, horizontalFlip, verticalFlip, zoom, shear, low, high, fill);
    }

    /** Returns a copy with another fill mode. */
    public Augmentation withFill(AffineWarp.Fill f) {
        return new Augmentation(rotation, heightShift, widthShift, horizontalFlip, verticalFlip, zoom, shear, brightnessLow, brightnessHigh, f);
    }

    /**
     * Draws one image's changes. Only the enabled settings draw, in this order: horizontal flip
     * ({@code nextBoolean}), row shift, column shift (each {@code nextInt(2n + 1) - n} for whole pixels,
     * {@code nextDouble} otherwise), rotation, shear, row zoom, column zoom (each {@code nextDouble}), vertical
     * flip ({@code nextBoolean}), brightness ({@code nextDouble}).
     *
     * @param random the source of the choices
     * @param h image height (fractional shifts are of it)
     * @param w image width
     * @return the changes
     */
    public Variant draw(Random random, int h, int w) {
        boolean flipH = horizontalFlip && random.nextBoolean();
        double dy = shift(heightShift, h, random);
        double dx = shift(widthShift, w, random);
        double theta = rotation == 0 ? 0 : (2 * random.nextDouble() - 1) * rotation;
        double s = shear == 0 ? 0 : (2 * random.nextDouble() - 1) * shear;
        double zr = zoom == 0 ? 1 : 1 - zoom + 2 * zoom * random.nextDouble();
        double zc = zoom == 0 ? 1 : 1 - zoom + 2 * zoom * random.nextDouble();
        boolean flipV = verticalFlip && random.nextBoolean();
        double b = brightnessLow == brightnessHigh ? brightnessLow
                : brightnessLow + (brightnessHigh - brightnessLow) * random.nextDouble();
        return new Variant(flipH, flipV, dy, dx, theta, s, zr, zc, b);
    }

    private static double shift(double range, int side, Random random) {
        if (range == 0) {
            return 0;
        }
        if (range >= 1) {
            int n = (int) range;
            return random.nextInt(2 * n + 1) - n;
        }
        return (2 * random.nextDouble() - 1) * range * side;
    }

    /**
     * Changes one image in place with a newly drawn {@link Variant}.
     *
     * @param image {@code h * w * c} values in {@code [0, 1]}, channels-last, from {@code offset}
     * @param offset where the image starts
     * @param h height
     * @param w width
     * @param c channels
     * @param random the source of the choices (see {@link #draw})
     * @param scratch at least {@code h * w * c} floats to work in
     */
    public void apply(float[] image, int offset, int h, int w, int c, Random random, float[] scratch) {
        if (none()) {
            return;
        }
        draw(random, h, w).apply(image, offset, h, w, c, fill, scratch);
    }

    /**
     * Returns {@code count} changed copies of an 8-bit image, drawn one after another from {@code Random(seed)}
     * (what the preview grid and {@code convscope augment} show).
     *
     * @param image the image
     * @param count how many copies
     * @param seed the seed: the same seed gives the same copies
     * @return the copies, rounded back to 0-255
     */
    public Raster[] variants(Raster image, int count, long seed) {
        Random random = new Random(seed);
        int n = image.data().length;
        float[] base = new float[n];
        for (int i = 0; i < n; i++) {
            base[i] = (image.data()[i] & 0xff) / 255f;
        }
        float[] work = new float[n];
        float[] scratch = new float[n];
        Raster[] out = new Raster[count];
        for (int k = 0; k < count; k++) {
            System.arraycopy(base, 0, work, 0, n);
            apply(work, 0, image.height(), image.width(), image.channels(), random, scratch);
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                bytes[i] = (byte) Math.round(Math.max(0, Math.min(1, work[i])) * 255);
            }
            out[k] = new Raster(image.height(), image.width(), image.channels(), bytes);
        }
        return out;
    }

    /** Returns the settings as {@code convscope augment} options, e.g. {@code --rotation 40 --flip h --fill nearest}. */
    public String describe() {
        if (none()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        if (rotation > 0) {
            b.append(" --rotation ").append(num(rotation));
        }
        if (widthShift > 0) {
            b.append(" --width-shift ").append(num(widthShift));
        }
        if (heightShift > 0) {
            b.append(" --height-shift ").append(num(heightShift));
        }
        if (shear > 0) {
            b.append(" --shear ").append(num(shear));
        }
        if (zoom > 0) {
            b.append(" --zoom ").append(num(zoom));
        }
        if (horizontalFlip || verticalFlip) {
            b.append(" --flip ").append(horizontalFlip ? "h" : "").append(verticalFlip ? "v" : "");
        }
        if (brightnessLow != 1 || brightnessHigh != 1) {
            b.append(" --brightness ").append(num(brightnessLow)).append(',').append(num(brightnessHigh));
        }
        b.append(" --fill ").append(fill.name().toLowerCase(Locale.ROOT));
        return b.substring(1);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", (float) v);
    }

    /**
     * The changes drawn for one image.
     *
     * @param flipH mirrored left-right
     * @param flipV mirrored top-bottom
     * @param dy rows the content moves down (negative: up)
     * @param dx columns the content moves right (negative: left)
     * @param rotation Keras' {@code theta} in degrees: with rows pointing down, a positive angle turns the picture
     *                 clockwise on screen
     * @param shear Keras' {@code shear} in degrees
     * @param zoomRows Keras' {@code zx}: input rows per output row (below 1 enlarges)
     * @param zoomCols Keras' {@code zy}: input columns per output column
     * @param brightness factor the values are multiplied by (then clipped to {@code [0, 1]}); 1 for none
     */
    public record Variant(boolean flipH, boolean flipV, double dy, double dx, double rotation, double shear,
                          double zoomRows, double zoomCols, double brightness) {

        /** No change. */
        public static final Variant IDENTITY = new Variant(false, false, 0, 0, 0, 0, 1, 1, 1);

        /** Returns true if the geometry is unchanged (the brightness may still change). */
        public boolean identityGeometry() {
            return !flipH && !flipV && dy == 0 && dx == 0 && rotation == 0 && shear == 0 && zoomRows == 1 && zoomCols == 1;
        }

        /**
         * Returns the 3x3 output-to-input matrix in (row, column) pixel coordinates, row by row: output pixel
         * {@code (r, c)} reads the input at {@code M (r, c, 1)}. It is Keras' {@code apply_affine_transform}
         * composition with the flips folded in:
         *
         * <pre>
         * M = T(o) . F . R(theta) . S(-dy, -dx) . H(shear) . Z(zx, zy) . T(-o)
         *
         * T(t)   = [[1, 0, t_r], [0, 1, t_c], [0, 0, 1]]        o = ((h - 1) / 2, (w - 1) / 2)
         * F      = diag(flipV ? -1 : 1, flipH ? -1 : 1, 1)
         * R(a)   = [[cos a, -sin a, 0], [sin a, cos a, 0], [0, 0, 1]]
         * S(a,b) = [[1, 0, a], [0, 1, b], [0, 0, 1]]            (Keras' tx = -dy, ty = -dx)
         * H(s)   = [[1, -sin s, 0], [0, cos s, 0], [0, 0, 1]]
         * Z      = diag(zx, zy, 1)
         * </pre>
         *
         * <p>Two deliberate differences from Keras: the centre is the true middle {@code (n - 1) / 2} of the pixel
         * indices, where Keras' {@code transform_matrix_offset_center} uses {@code n / 2 + 0.5} (half a pixel to a
         * pixel off, so its 90-degree turns also shift); and flips mirror the input before the transform where
         * Keras mirrors the output after it. Mirroring turns {@code theta}, the shear and one shift into their
         * negatives, and all ranges are symmetric, so the distribution of the images is the same; folding the flip
         * in keeps one matrix and the pre-affine draws of {@link #FLIP_AND_SHIFT_4}.
         *
         * @param h image height
         * @param w image width
         * @return 9 numbers
         */
        public double[] matrix(int h, int w) {
            double or = (h - 1) / 2.0;
            double oc = (w - 1) / 2.0;
            double t = Math.toRadians(rotation);
            double s = Math.toRadians(shear);
            double[] m = {1, 0, or, 0, 1, oc, 0, 0, 1};
            m = AffineWarp.times(m, new double[] {flipV ? -1 : 1, 0, 0, 0, flipH ? -1 : 1, 0, 0, 0, 1});
            m = AffineWarp.times(m, new double[] {Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t), 0, 0, 0, 1});
            m = AffineWarp.times(m, new double[] {1, 0, -dy, 0, 1, -dx, 0, 0, 1});
            m = AffineWarp.times(m, new double[] {1, -Math.sin(s), 0, 0, Math.cos(s), 0, 0, 0, 1});
            m = AffineWarp.times(m, new double[] {zoomRows, 0, 0, 0, zoomCols, 0, 0, 0, 1});
            return AffineWarp.times(m, new double[] {1, 0, -or, 0, 1, -oc, 0, 0, 1});
        }

        /**
         * Applies these changes to one image in place: the affine warp, then the brightness factor with values
         * clipped to {@code [0, 1]}.
         *
         * @param image {@code h * w * c} values channels-last from {@code offset}
         * @param offset where the image starts
         * @param h height
         * @param w width
         * @param c channels
         * @param fill what points from outside show
         * @param scratch at least {@code h * w * c} floats
         */
        public void apply(float[] image, int offset, int h, int w, int c, AffineWarp.Fill fill, float[] scratch) {
            int n = h * w * c;
            if (!identityGeometry()) {
                System.arraycopy(image, offset, scratch, 0, n);
                double[] m = matrix(h, w);
                AffineWarp.warp(scratch, 0, image, offset, h, w, c, new double[] {m[0], m[1], m[2], m[3], m[4], m[5]}, fill);
            }
            if (brightness != 1) {
                float f = (float) brightness;
                for (int i = offset; i < offset + n; i++) {
                    image[i] = Math.max(0f, Math.min(1f, image[i] * f));
                }
            }
        }
    }
}
