package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.util.HashSet;
import java.util.Set;
import org.convscope.core.conv.ConvStep;
import org.convscope.core.conv.PoolSettings;
import org.convscope.core.conv.PoolStep;
import org.convscope.core.conv.WindowGeometry;

/**
 * What the stepper shows for the current step, worked out without the toolkit: the texts under the matrices,
 * where the window and the marker are, and how much of the output is uncovered. In quiz mode it leaves out
 * what the open question asks for: the output's size, or the current cell with its sum, its products and, in
 * max pooling, the winning input cell.
 *
 * @param formula the output-size formula with the numbers, or {@code Output rows: ?    columns: ?}
 * @param sum the worked sum of the current cell, {@code = ?} while it is the question, empty without a trace
 * @param position e.g. {@code Cell (0, 1), step 2 of 9}
 * @param window the input window {@code {top, left, h, w}} in padded coordinates, or null without a trace
 * @param marker the input cell pooling picked (max pooling), in padded coordinates, or null
 * @param outputHidden true while the output's shape is the question (the output grid is left empty)
 * @param shownCells how many output cells are shown, in row-major order
 * @param questionCell the output cell {@code {row, col}} drawn as "?", or null
 * @param productsShown false while the products would give the current cell away
 * @param imageShown false while the output as an image would give the shape away
 */
record StepperFrame(String formula, String sum, String position, int[] window, int[] marker, boolean outputHidden,
        int shownCells, int[] questionCell, boolean productsShown, boolean imageShown) {

    /** The hidden formula while the output's size is the question. */
    static String hiddenFormula() {
        return tr("stepper.formula", "?", "?");
    }

    /** The hidden sum while the current cell is the question. */
    static final String HIDDEN_SUM = "= ?";

    /**
     * Works out the frame of the current step.
     *
     * @param vm the stepper
     * @param quiz the quiz, synced with the stepper
     */
    static StepperFrame of(StepperViewModel vm, QuizViewModel quiz) {
        String formula = vm.formula();
        WindowGeometry g = vm.geometry();
        if (g == null) {
            return new StepperFrame(formula, "", "", null, null, true, 0, null, false, false);
        }
        int cursor = vm.cursorProperty().get();
        int r = cursor / g.outWidth();
        int c = cursor % g.outWidth();
        int top = g.top(r) + g.padTop();
        int left = g.left(c) + g.padLeft();
        int[] window = {top, left, g.window().h(), g.window().w()};
        String sum;
        int[] marker = null;
        if (vm.mode() == StepperViewModel.Mode.CONVOLUTION) {
            ConvStep s = vm.convStep();
            sum = s.expression();
        } else {
            PoolStep s = vm.poolStep();
            sum = s.expression();
            if (vm.poolSettings().mode() != PoolSettings.Mode.AVERAGE && s.maxRow() >= 0) {
                marker = new int[] {top + s.maxRow(), left + s.maxCol()};
            }
        }
        String position = tr("stepper.position", r, c, cursor + 1, vm.steps());
        if (quiz.hidesShape()) {
            return new StepperFrame(hiddenFormula(), HIDDEN_SUM, tr("stepper.cell", r, c), window, null, true,
                    cursor, new int[] {r, c}, false, false);
        }
        if (quiz.hidesCell()) {
            return new StepperFrame(formula, HIDDEN_SUM, position, window, null, false, cursor, new int[] {r, c}, false,
                    true);
        }
        return new StepperFrame(formula, sum, position, window, marker, false, cursor + 1, null, true, true);
    }

    /**
     * The output cells whose window covers input cell (row, col), in unpadded input coordinates: the cells the
     * screen outlines when that input cell is clicked.
     *
     * @param g the window's geometry, or null when the settings do not fit (no cell then)
     * @return the cells' row-major indexes
     */
    static Set<Integer> usersOf(WindowGeometry g, int row, int col) {
        Set<Integer> out = new HashSet<>();
        if (g == null) {
            return out;
        }
        for (int r = 0; r < g.outHeight(); r++) {
            int top = g.top(r);
            if (row < top || row >= top + g.window().h()) {
                continue;
            }
            for (int c = 0; c < g.outWidth(); c++) {
                int left = g.left(c);
                if (col >= left && col < left + g.window().w()) {
                    out.add(r * g.outWidth() + c);
                }
            }
        }
        return out;
    }
}
