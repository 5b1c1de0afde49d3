package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.util.Optional;
import org.convscope.core.conv.KernelPresets;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.Volume;

/**
 * The stepper's kernel, apart from the toolkit: a named preset, a grid the learner typed, or a filter learned
 * by a model (one matrix per input channel). The settings column shows and edits it; the stepper slides it.
 *
 * <p>Kept separate so that typing a weight, resizing the grid and the way learned weights like {@code -0.0927}
 * are written into the cells can be tested without JavaFX.
 */
final class KernelEditor {

    /** The largest kernel side the grid edits. */
    static final int MAX_SIDE = 11;

    private String name = "vertical-edge";
    private double[][] kernel = KernelPresets.get(name).orElseThrow();
    private Volume learned; // a filter (kh, kw, C_in) from a model, or null

    /** The kernel as the grid shows it: the first input channel of a learned filter. */
    double[][] kernel() {
        return kernel;
    }

    /** The preset's name, the learned filter's label, or {@code custom}. */
    String name() {
        return name;
    }

    /** The learned filter with all its input channels, empty for a preset or a typed kernel. */
    Optional<Volume> learned() {
        return Optional.ofNullable(learned);
    }

    /** True when {@link #name()} is one of the presets (the preset box shows it; otherwise the box is empty). */
    boolean isPreset() {
        return learned == null && KernelPresets.get(name).isPresent();
    }

    /**
     * Uses a built-in kernel.
     *
     * @return false when there is no preset of that name (nothing changes)
     */
    boolean usePreset(String presetName) {
        Optional<double[][]> k = presetName == null ? Optional.empty() : KernelPresets.get(presetName);
        k.ifPresent(m -> {
            name = presetName;
            kernel = m;
            learned = null;
        });
        return k.isPresent();
    }

    /**
     * Replaces the whole kernel with one the learner made.
     *
     * @return empty, or why it was refused (the kernel stays)
     */
    Optional<String> set(double[][] k) {
        if (k.length < 1 || k.length > MAX_SIDE || k[0].length < 1 || k[0].length > MAX_SIDE) {
            return Optional.of(tr("stepper.kernelSizes", MAX_SIDE));
        }
        kernel = k;
        name = "custom";
        learned = null;
        return Optional.empty();
    }

    /** Resizes to n x n, keeping the weights that still fit and filling new cells with 0. */
    Optional<String> resize(int n) {
        if (n == kernel.length && n == kernel[0].length) {
            return Optional.empty();
        }
        if (n < 1 || n > MAX_SIDE) {
            return set(new double[0][0]);
        }
        double[][] k = new double[n][n];
        for (int r = 0; r < Math.min(n, kernel.length); r++) {
            for (int c = 0; c < Math.min(n, kernel[0].length); c++) {
                k[r][c] = kernel[r][c];
            }
        }
        return set(k);
    }

    /**
     * Sets one weight from what was typed into its cell.
     *
     * @return false when the text is not a number (the kernel stays; the cell is marked invalid)
     */
    boolean setCell(int row, int col, String text) {
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (row < 0 || row >= kernel.length || col < 0 || col >= kernel[0].length) {
            return false;
        }
        if (v == kernel[row][col]) {
            return true; // nothing changed
        }
        double[][] copy = new double[kernel.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = kernel[i].clone();
        }
        copy[row][col] = v;
        set(copy);
        return true;
    }

    /** Uses a model's filter: its first channel is shown in the grid, all channels are slid. */
    void useLearned(Volume filter, String label) {
        learned = filter;
        name = label;
        kernel = filter.channel(0);
    }

    /**
     * The kernel as it slides over an input of {@code channels} channels: the learned filter as it is, or the
     * grid's matrix repeated for every channel (as the stepper applies presets to colour images).
     *
     * @throws IllegalArgumentException when a learned filter has another number of input channels
     */
    Volume slidOver(int channels) {
        if (learned != null) {
            if (learned.channels() != channels) {
                throw new IllegalArgumentException(tr("stepper.filterChannels", learned.channels(),
                        learned.channels() == 3 ? "RGB" : "GRAY"));
            }
            return learned;
        }
        int h = kernel.length;
        int w = kernel[0].length;
        double[] v = new double[h * w * channels];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                for (int ch = 0; ch < channels; ch++) {
                    v[(r * w + c) * channels + ch] = kernel[r][c];
                }
            }
        }
        return new Volume(h, w, channels, v);
    }

    /**
     * What a cell of the grid shows: the weight to 4 decimals ({@code -0.0927}, {@code 0.5}, {@code 3}), never
     * cut; the tooltip has the same text, the kernel itself keeps full precision.
     */
    String cellText(int row, int col) {
        return Num.format(kernel[row][col]);
    }

    /** The longest cell text, in characters: the grid sizes every cell for it. */
    int widestCell() {
        int w = 1;
        for (int r = 0; r < kernel.length; r++) {
            for (int c = 0; c < kernel[0].length; c++) {
                w = Math.max(w, cellText(r, c).length());
            }
        }
        return w;
    }

    /**
     * The font size of the grid's cells relative to the column's, so that a row of {@code cols} cells of
     * {@link #widestCell()} characters fits in {@code columnEm} em: 1 for a 3x3 of small integers, smaller for
     * wide learned weights or big kernels, never under 0.55 (the grid then scrolls).
     */
    double cellFontScale(double columnEm) {
        int cols = kernel[0].length;
        double cellEm = (widestCell() + 1) * 0.62 + 0.9; // a monospace digit is ~0.6 em; padding and gap ~0.9 em
        return Math.max(0.55, Math.min(1, columnEm / (cols * cellEm)));
    }
}
