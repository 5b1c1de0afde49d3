package org.convscope.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.convscope.core.image.Raster;

/**
 * A CIFAR-style labelled image set in memory: {@code N} RGB images of {@code 32x32}, one label 0-9 each.
 *
 * <p>Pixels are kept in one {@code byte[N * 3072]}, channels-last ({@code (N, 32, 32, 3)}, HWC, R-G-B
 * interleaved), so that {@link #image(int)} is a cheap copy into a {@link Raster}. The CIFAR files
 * store each image planar (CHW); {@link CifarReader} converts on load and {@link #toRecordBytes()}
 * converts back. Instances are immutable; subsets and shuffles are new instances.
 */
public final class CifarImages {

    /** Image height and width in pixels. */
    public static final int SIDE = 32;
    /** Colour channels (R, G, B). */
    public static final int CHANNELS = 3;
    /** Bytes of one image: {@code 32 * 32 * 3}. */
    public static final int IMAGE_BYTES = SIDE * SIDE * CHANNELS;
    /** Bytes of one record in the official binary format: 1 label byte, then the image. */
    public static final int RECORD_BYTES = IMAGE_BYTES + 1;
    /** The standard class names in label order 0-9. */
    public static final List<String> STANDARD_CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    private final byte[] pixels;
    private final byte[] labels;
    private final List<String> classNames;

    /**
     * Wraps arrays without copying them; the caller hands them over.
     *
     * @param pixelsHwc {@code N * 3072} bytes, image after image, each {@code (32, 32, 3)} channels-last
     * @param labels {@code N} labels, each in {@code 0 .. classNames.size() - 1}
     * @param classNames the class names in label order
     */
    public CifarImages(byte[] pixelsHwc, byte[] labels, List<String> classNames) {
        if (pixelsHwc.length != (long) labels.length * IMAGE_BYTES) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * IMAGE_BYTES
                    + " pixel bytes, got " + pixelsHwc.length);
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("at least one class name is needed");
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xff) >= classNames.size()) {
                throw new IllegalArgumentException("label " + (labels[i] & 0xff) + " of image " + i
                        + " is outside 0-" + (classNames.size() - 1));
            }
        }
        this.pixels = pixelsHwc;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    /** Returns the number of images {@code N}. */
    public int size() {
        return labels.length;
    }

    /** Returns the label 0-9 of image {@code i}. */
    public int label(int i) {
        return labels[i] & 0xff;
    }

    /** Returns the class name of image {@code i}. */
    public String className(int i) {
        return classNames.get(label(i));
    }

    /** Returns the class names in label order. */
    public List<String> classNames() {
        return classNames;
    }

    /** Returns image {@code i} as a {@code (32, 32, 3)} raster (a copy). */
    public Raster image(int i) {
        Objects.checkIndex(i, labels.length);
        return new Raster(SIDE, SIDE, CHANNELS, Arrays.copyOfRange(pixels, i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES));
    }

    /** Returns a copy of all labels, {@code N} bytes. */
    public byte[] labels() {
        return labels.clone();
    }

    /** Returns a copy of all pixels, {@code (N, 32, 32, 3)} channels-last. */
    public byte[] pixelsHwc() {
        return pixels.clone();
    }

    /** Returns how many images each class has, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (byte l : labels) {
            counts[l & 0xff]++;
        }
        return counts;
    }

    /**
     * Returns the images at the given indices, in that order (repeats allowed).
     *
     * @param indices indices into this set
     * @return a new set of {@code indices.length} images
     */
    public CifarImages subset(int[] indices) {
        byte[] p = new byte[indices.length * IMAGE_BYTES];
        byte[] l = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], labels.length);
            System.arraycopy(pixels, i * IMAGE_BYTES, p, k * IMAGE_BYTES, IMAGE_BYTES);
            l[k] = labels[i];
        }
        return new CifarImages(p, l, classNames);
    }

    /** Returns images {@code from} (inclusive) to {@code to} (exclusive). */
    public CifarImages range(int from, int to) {
        Objects.checkFromToIndex(from, to, labels.length);
        return new CifarImages(Arrays.copyOfRange(pixels, from * IMAGE_BYTES, to * IMAGE_BYTES),
                Arrays.copyOfRange(labels, from, to), classNames);
    }

    /**
     * Returns all images in a random order that depends only on {@code seed} (Fisher-Yates with
     * {@link Random}), so that a lesson can be repeated exactly.
     */
    public CifarImages shuffled(long seed) {
        int[] order = new int[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return subset(order);
    }

    /**
     * Returns the first {@code perClass} images of each class, keeping the original order: a small
     * balanced set for quick experiments.
     *
     * @throws IllegalArgumentException if some class has fewer than {@code perClass} images
     */
    public CifarImages balancedHead(int perClass) {
        int[] taken = new int[classNames.size()];
        int[] picked = new int[perClass * classNames.size()];
        int n = 0;
        for (int i = 0; i < labels.length && n < picked.length; i++) {
            int l = labels[i] & 0xff;
            if (taken[l] < perClass) {
                taken[l]++;
                picked[n++] = i;
            }
        }
        if (n < picked.length) {
            throw new IllegalArgumentException("some class has fewer than " + perClass + " images: " + Arrays.toString(taken));
        }
        return subset(picked);
    }

    /** Returns the images of all parts, one part after the other; their class names must agree. */
    public static CifarImages concat(List<CifarImages> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to join");
        }
        List<String> names = parts.get(0).classNames;
        long n = 0;
        for (CifarImages part : parts) {
            if (!part.classNames.equals(names)) {
                throw new IllegalArgumentException("class names differ: " + names + " vs " + part.classNames);
            }
            n += part.size();
        }
        byte[] p = new byte[Math.toIntExact(n * IMAGE_BYTES)];
        byte[] l = new byte[(int) n];
        int at = 0;
        for (CifarImages part : parts) {
            System.arraycopy(part.pixels, 0, p, at * IMAGE_BYTES, part.pixels.length);
            System.arraycopy(part.labels, 0, l, at, part.labels.length);
            at += part.size();
        }
        return new CifarImages(p, l, names);
    }

    /** Returns the mean of each channel over all pixels of all images, pixel values divided by 255: {@code [R, G, B]}. */
    public double[] perChannelMean() {
        long[][] sums = sums();
        long count = (long) labels.length * SIDE * SIDE;
        double[] mean = new double[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            mean[c] = sums[0][c] / (double) count / 255.0;
        }
        return mean;
    }

    /** Returns the population standard deviation of each channel, pixel values divided by 255: {@code [R, G, B]}. */
    public double[] perChannelStd() {
        long[][] sums = sums();
        double count = (double) labels.length * SIDE * SIDE;
        double[] std = new double[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            double mean = sums[0][c] / count;
            double variance = Math.max(0, sums[1][c] / count - mean * mean);
            std[c] = Math.sqrt(variance) / 255.0;
        }
        return std;
    }

    /** Sums and sums of squares per channel, exact in longs. */
    private long[][] sums() {
        long[] sum = new long[CHANNELS];
        long[] sumSq = new long[CHANNELS];
        for (int i = 0; i < pixels.length; i += CHANNELS) {
            for (int c = 0; c < CHANNELS; c++) {
                int v = pixels[i + c] & 0xff;
                sum[c] += v;
                sumSq[c] += v * v;
            }
        }
        return new long[][] {sum, sumSq};
    }

    /**
     * Returns the images in the official CIFAR-10 binary format: per image 1 label byte, then the
     * 1,024 red, 1,024 green and 1,024 blue bytes, each plane row-major ({@code N * 3073} bytes).
     */
    public byte[] toRecordBytes() {
        byte[] out = new byte[Math.toIntExact((long) labels.length * RECORD_BYTES)];
        int plane = SIDE * SIDE;
        for (int r = 0; r < labels.length; r++) {
            int rec = r * RECORD_BYTES;
            int img = r * IMAGE_BYTES;
            out[rec] = labels[r];
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < CHANNELS; c++) {
                    out[rec + 1 + c * plane + p] = pixels[img + p * CHANNELS + c];
                }
            }
        }
        return out;
    }

    /** Returns the class names with their counts, for a status line. */
    @Override
    public String toString() {
        int[] counts = classCounts();
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            parts.add(classNames.get(c) + "=" + counts[c]);
        }
        return "CifarImages[" + size() + " images of 32x32x3, " + String.join(", ", Collections.unmodifiableList(parts)) + "]";
    }
}
