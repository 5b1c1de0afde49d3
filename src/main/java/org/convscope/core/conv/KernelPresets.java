package org.convscope.core.conv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Classic hand-made kernels, to see what a convolution does before any learning.
 *
 * <p>{@code vertical-edge} is the seed tutorial's {@code [[1,0,-1]]*3} (which is also Prewitt);
 * {@code outline} is the seed's edge detector with {@code -8} in the centre.
 */
public final class KernelPresets {

    private static final Map<String, double[][]> PRESETS = new LinkedHashMap<>();

    static {
        PRESETS.put("identity", new double[][] {{0, 0, 0}, {0, 1, 0}, {0, 0, 0}});
        PRESETS.put("vertical-edge", new double[][] {{1, 0, -1}, {1, 0, -1}, {1, 0, -1}});
        PRESETS.put("sharpen", new double[][] {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}});
        PRESETS.put("box-blur-3", fill(3, 1.0 / 9));
        PRESETS.put("box-blur-5", fill(5, 1.0 / 25));
        PRESETS.put("gaussian-blur", new double[][] {{1 / 16.0, 2 / 16.0, 1 / 16.0}, {2 / 16.0, 4 / 16.0, 2 / 16.0},
            {1 / 16.0, 2 / 16.0, 1 / 16.0}});
        PRESETS.put("sobel-vertical", new double[][] {{1, 0, -1}, {2, 0, -2}, {1, 0, -1}});
        PRESETS.put("sobel-horizontal", new double[][] {{1, 2, 1}, {0, 0, 0}, {-1, -2, -1}});
        PRESETS.put("prewitt-vertical", new double[][] {{1, 0, -1}, {1, 0, -1}, {1, 0, -1}});
        PRESETS.put("prewitt-horizontal", new double[][] {{1, 1, 1}, {0, 0, 0}, {-1, -1, -1}});
        PRESETS.put("outline", new double[][] {{1, 1, 1}, {1, -8, 1}, {1, 1, 1}});
        PRESETS.put("emboss", new double[][] {{-2, -1, 0}, {-1, 1, 1}, {0, 1, 2}});
    }

    private KernelPresets() {
    }

    private static double[][] fill(int n, double v) {
        double[][] k = new double[n][n];
        for (double[] row : k) {
            java.util.Arrays.fill(row, v);
        }
        return k;
    }

    /** Returns the preset names in display order. */
    public static java.util.List<String> names() {
        return java.util.List.copyOf(PRESETS.keySet());
    }

    /** Returns a copy of a preset kernel. */
    public static Optional<double[][]> get(String name) {
        double[][] k = PRESETS.get(name);
        if (k == null) {
            return Optional.empty();
        }
        double[][] copy = new double[k.length][];
        for (int i = 0; i < k.length; i++) {
            copy[i] = k[i].clone();
        }
        return Optional.of(copy);
    }
}
