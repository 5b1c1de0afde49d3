package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import org.convscope.core.analysis.ShapeMath;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.ui.stepper.StepperViewModel.Mode;

/**
 * The formula strip's text: the output size worked out for the rows and the columns ({@link ShapeMath#outputLength})
 * from the input's size and the window, strides and padding of the current mode.
 */
final class OutputFormula {

    private OutputFormula() {
    }

    /**
     * The formula with the current numbers.
     *
     * @param input the input (its height and width are n)
     * @param mode convolution (the kernel's size and the conv strides/padding) or pooling (the pool window's)
     * @param kernel the kernel, rows x columns
     * @param conv the convolution's settings
     * @param pool the pooling's settings
     * @return the rows' and columns' formulas in the {@code stepper.formula} text
     */
    static String of(Volume input, Mode mode, double[][] kernel, ConvSettings conv, PoolSettings pool) {
        int h = input.height();
        int w = input.width();
        Size2 win = mode == Mode.CONVOLUTION ? new Size2(kernel.length, kernel[0].length) : pool.pool();
        Size2 s = mode == Mode.CONVOLUTION ? conv.strides() : pool.strides();
        Padding p = mode == Mode.CONVOLUTION ? conv.padding() : pool.padding();
        var rows = ShapeMath.outputLength(h, win.h(), s.h(), p);
        var cols = ShapeMath.outputLength(w, win.w(), s.w(), p);
        return tr("stepper.formula", rows.formula(), cols.formula());
    }
}
