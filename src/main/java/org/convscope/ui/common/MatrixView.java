package org.convscope.ui.common;

import java.util.Set;
import java.util.function.BiConsumer;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.scene.AccessibleRole;
import javafx.scene.input.KeyCode;
import org.convscope.core.conv.Num;

/**
 * A zoomable grid of numbers, one cell per matrix value, coloured by value.
 *
 * <p>Virtualised: only the cells in view are drawn onto one canvas the size of the view, so a 224x224
 * matrix scrolls as smoothly as a 5x5 one. Optional: a border of padding cells (drawn hatched, value
 * 0), a highlighted window, a marked cell (e.g. the max of a pooling window), marked cells (e.g. the
 * outputs that use an input cell), and cells not yet computed (shown empty, for an output that fills
 * in step by step).
 *
 * <p>For the keyboard and screen readers the view is one focusable node with a cursor cell: the arrow keys move it
 * (drawn as a dashed outline while the view has the focus), Enter chooses it as a click would, and the node's
 * accessible text is the cursor cell read out, {@code "input row 2, column 3: 8"} (the view's {@link #setName name},
 * 1-based row and column, the value as drawn).
 */
public final class MatrixView extends Region {

    private final Canvas canvas = new Canvas();
    private final ScrollBar hbar = new ScrollBar();
    private final ScrollBar vbar = new ScrollBar();
    private double[][] values = new double[0][0];
    private int padTop;
    private int padLeft;
    private int padBottom;
    private int padRight;
    private int[] window; // row, col, height, width in padded coordinates; null for none
    private int[] marker; // row, col in padded coordinates
    private Set<Integer> marks = Set.of(); // row * cols + col in matrix coordinates
    private int shownCells = Integer.MAX_VALUE; // row-major cells of the matrix that have a value
    private int[] question; // row, col in matrix coordinates of a cell drawn as "?" (a quiz), or null
    private double cellSize = 44; // what is drawn: the size asked for, times 1.5 in presenter mode
    private double baseCellSize = 44;
    private double presenterScale = 1;
    private javafx.collections.ObservableList<String> watchedRootClasses;
    private final javafx.collections.ListChangeListener<String> rootClassesChanged = c -> updatePresenterScale();
    private boolean precise; // two significant digits for small values (gradients), instead of two decimals
    private boolean diverging;
    private double min;
    private double max;
    private BiConsumer<Integer, Integer> onCellClicked = (r, c) -> { };
    private String name = "";
    private int cursorRow; // the keyboard's cell, in matrix coordinates
    private int cursorCol;

    /** Creates an empty view. */
    public MatrixView() {
        getStyleClass().add("matrix-view");
        vbar.setOrientation(Orientation.VERTICAL);
        getChildren().addAll(canvas, hbar, vbar);
        hbar.valueProperty().addListener((o, a, b) -> draw());
        vbar.valueProperty().addListener((o, a, b) -> draw());
        setOnScroll(e -> {
            if (e.isShortcutDown()) {
                setCellSize(baseCellSize * (e.getDeltaY() > 0 ? 1.15 : 1 / 1.15));
            } else {
                vbar.setValue(clamp(vbar.getValue() - e.getDeltaY(), vbar.getMin(), vbar.getMax()));
                hbar.setValue(clamp(hbar.getValue() - e.getDeltaX(), hbar.getMin(), hbar.getMax()));
            }
            e.consume();
        });
        canvas.setOnMouseClicked(e -> {
            int c = (int) ((e.getX() + hbar.getValue()) / cellSize) - padLeft;
            int r = (int) ((e.getY() + vbar.getValue()) / cellSize) - padTop;
            if (r >= 0 && c >= 0 && r < values.length && values.length > 0 && c < values[0].length) {
                cursorRow = r; // the keyboard goes on from the clicked cell
                cursorCol = c;
                onCellClicked.accept(r, c);
            }
        });
        setMinSize(60, 60);
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.TEXT);
        setOnKeyPressed(e -> {
            if (keyPressed(e.getCode())) {
                e.consume();
            }
        });
        focusedProperty().addListener((o, a, b) -> draw());
        // presenter mode (a style class on the window's root) enlarges the cells and their numbers with the rest of
        // the type, since a canvas does not follow the CSS font size
        sceneProperty().addListener((o, a, scene) -> {
            if (watchedRootClasses != null) {
                watchedRootClasses.removeListener(rootClassesChanged);
                watchedRootClasses = null;
            }
            if (scene != null && scene.getRoot() != null) {
                watchedRootClasses = scene.getRoot().getStyleClass();
                watchedRootClasses.addListener(rootClassesChanged);
            }
            updatePresenterScale();
        });
    }

    private void updatePresenterScale() {
        boolean presenter = watchedRootClasses != null && watchedRootClasses.contains(Css.PRESENTER);
        double scale = presenter ? 1.5 : 1;
        if (scale != presenterScale) {
            presenterScale = scale;
            applyCellSize();
        }
    }

    /**
     * Shows a matrix.
     *
     * @param m the values {@code [row][col]}
     * @param pad zero cells drawn around it: top, left, bottom, right
     */
    public void setMatrix(double[][] m, int[] pad) {
        this.values = m;
        this.padTop = pad[0];
        this.padLeft = pad[1];
        this.padBottom = pad[2];
        this.padRight = pad[3];
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        for (double[] row : m) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        diverging = min < 0 && max > 0;
        cursorRow = Math.max(0, Math.min(cursorRow, m.length - 1));
        cursorCol = Math.max(0, Math.min(cursorCol, m.length == 0 ? 0 : m[0].length - 1));
        requestLayout();
        draw();
    }

    /** Names the matrix for screen readers ("input", "kernel"), the first word of every cell's accessible text. */
    public void setName(String name) {
        this.name = name == null ? "" : name;
        updateAccessibleText();
    }

    /**
     * A cell read out as a screen reader says it: {@code "input row 2, column 3: 8"}, with the value as the view
     * draws it, "not computed yet" for a cell without a value yet and "question" for the quiz's cell.
     *
     * @param row the row in matrix coordinates, from 0
     * @param col the column in matrix coordinates, from 0
     */
    public String cellText(int row, int col) {
        return I18n.tr("a11y.matrix.cell", name, row + 1, col + 1, cellValueText(row, col));
    }

    /** The value of a cell as drawn: its number, or a word for a cell without one. */
    private String cellValueText(int row, int col) {
        if (question != null && question[0] == row && question[1] == col) {
            return I18n.tr("a11y.matrix.question");
        }
        double v = values[row][col];
        return row * values[0].length + col < shownCells && !Double.isNaN(v) ? label(v) : I18n.tr("a11y.matrix.notYet");
    }

    /** The keyboard's cell {row, col} in matrix coordinates. */
    public int[] cursor() {
        return new int[] {cursorRow, cursorCol};
    }

    /** Arrows move the cursor cell, Home/End jump to the row's ends, Enter chooses it; true if the key was used. */
    private boolean keyPressed(KeyCode code) {
        if (values.length == 0) {
            return false;
        }
        int r = cursorRow;
        int c = cursorCol;
        switch (code) {
            case UP -> r--;
            case DOWN -> r++;
            case LEFT -> c--;
            case RIGHT -> c++;
            case HOME -> c = 0;
            case END -> c = values[0].length - 1;
            case ENTER -> {
                onCellClicked.accept(cursorRow, cursorCol);
                return true;
            }
            default -> {
                return false;
            }
        }
        cursorRow = Math.max(0, Math.min(r, values.length - 1));
        cursorCol = Math.max(0, Math.min(c, values[0].length - 1));
        reveal(cursorRow + padTop, cursorCol + padLeft);
        draw();
        return true;
    }

    private void updateAccessibleText() {
        if (values.length == 0 || values[0].length == 0) {
            setAccessibleText(I18n.tr("a11y.matrix.empty", name));
            setAccessibleHelp(null);
        } else {
            setAccessibleText(cellText(cursorRow, cursorCol));
            setAccessibleHelp(I18n.tr("a11y.matrix.help", values.length, values[0].length));
        }
    }

    /** Highlights a window in padded coordinates (row, col, height, width), or clears it with null. */
    public void setWindow(int[] rect) {
        this.window = rect;
        draw();
    }

    /** Marks one cell in padded coordinates (row, col), or clears it with null. */
    public void setMarker(int[] cell) {
        this.marker = cell;
        draw();
    }

    /** Outlines the given cells (index {@code row * cols + col} of the matrix). */
    public void setMarks(Set<Integer> cells) {
        this.marks = cells;
        draw();
    }

    /** Shows values only for the first {@code n} cells in row-major order (the rest are not computed yet). */
    public void setShownCells(int n) {
        this.shownCells = n;
        draw();
    }

    /** Draws the matrix cell (row, col) as a highlighted "?" whatever its value (a quiz question), or nothing with null. */
    public void setQuestionCell(int[] cell) {
        this.question = cell;
        draw();
    }

    /** Sets the cell size in pixels (zoom), 8..160; presenter mode draws it 1.5 times larger. */
    public void setCellSize(double px) {
        this.baseCellSize = clamp(px, 8, 160);
        applyCellSize();
    }

    private void applyCellSize() {
        this.cellSize = clamp(baseCellSize * presenterScale, 8, 240);
        requestLayout();
        draw();
    }

    /** Returns the cell size in pixels as drawn (1.5 times the size set in presenter mode). */
    public double getCellSize() {
        return cellSize;
    }

    /**
     * Returns the size in pixels of the numbers in the cells as drawn (a third of the cell, at least 8), or 0 when the
     * cells are too small (under 22 px) for numbers; screens check it for readability on a projector.
     */
    public double getNumberFontSize() {
        return cellSize >= 22 ? Math.max(8, cellSize * 0.32) : 0;
    }

    /**
     * Writes values below 1 with two significant digits ({@code -0.054}, {@code 0.0021}) instead of two decimals,
     * for gradients, which two decimals would often show as 0.00.
     */
    public void setPrecise(boolean on) {
        this.precise = on;
        draw();
    }

    /** Sets what a click on a matrix cell does (row, col in matrix coordinates). */
    public void setOnCellClicked(BiConsumer<Integer, Integer> handler) {
        this.onCellClicked = handler;
    }

    /** Scrolls so that the padded cell (row, col) is visible. */
    public void reveal(int row, int col) {
        double x = col * cellSize;
        double y = row * cellSize;
        double vw = canvas.getWidth();
        double vh = canvas.getHeight();
        if (x < hbar.getValue() || x + cellSize > hbar.getValue() + vw) {
            hbar.setValue(clamp(x - vw / 3, hbar.getMin(), hbar.getMax()));
        }
        if (y < vbar.getValue() || y + cellSize > vbar.getValue() + vh) {
            vbar.setValue(clamp(y - vh / 3, vbar.getMin(), vbar.getMax()));
        }
    }

    private int rows() {
        return values.length + padTop + padBottom;
    }

    private int cols() {
        return (values.length == 0 ? 0 : values[0].length) + padLeft + padRight;
    }

    @Override
    protected double computePrefWidth(double height) {
        return Math.min(cols() * cellSize + 16, 640);
    }

    @Override
    protected double computePrefHeight(double width) {
        return Math.min(rows() * cellSize + 16, 520);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double contentW = cols() * cellSize;
        double contentH = rows() * cellSize;
        boolean needH = contentW > w;
        boolean needV = contentH > h;
        double bar = 14;
        double vw = needV ? w - bar : w;
        double vh = needH ? h - bar : h;
        canvas.setWidth(Math.max(0, vw));
        canvas.setHeight(Math.max(0, vh));
        hbar.setVisible(needH);
        vbar.setVisible(needV);
        hbar.resizeRelocate(0, vh, vw, bar);
        vbar.resizeRelocate(vw, 0, bar, vh);
        hbar.setMax(Math.max(0, contentW - vw));
        vbar.setMax(Math.max(0, contentH - vh));
        hbar.setVisibleAmount(vw);
        vbar.setVisibleAmount(vh);
        hbar.setValue(clamp(hbar.getValue(), 0, hbar.getMax()));
        vbar.setValue(clamp(vbar.getValue(), 0, vbar.getMax()));
        draw();
    }

    private void draw() {
        updateAccessibleText(); // every change that redraws a value also changes what is read out
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#f6f8fa"));
        g.fillRect(0, 0, w, h);
        if (values.length == 0) {
            return;
        }
        double ox = hbar.getValue();
        double oy = vbar.getValue();
        int c0 = Math.max(0, (int) (ox / cellSize));
        int r0 = Math.max(0, (int) (oy / cellSize));
        int c1 = Math.min(cols(), (int) ((ox + w) / cellSize) + 1);
        int r1 = Math.min(rows(), (int) ((oy + h) / cellSize) + 1);
        boolean text = getNumberFontSize() > 0;
        g.setFont(Font.font("DejaVu Sans Mono", FontWeight.NORMAL, getNumberFontSize()));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        int matrixCols = values[0].length;
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                double x = c * cellSize - ox;
                double y = r * cellSize - oy;
                int mr = r - padTop;
                int mc = c - padLeft;
                boolean pad = mr < 0 || mc < 0 || mr >= values.length || mc >= matrixCols;
                if (pad) {
                    g.setFill(Color.web("#e8e8e8"));
                    g.fillRect(x, y, cellSize, cellSize);
                    g.setStroke(Color.web("#c8c8c8"));
                    g.strokeLine(x, y + cellSize, x + cellSize, y);
                    if (text) {
                        g.setFill(Color.web("#777777"));
                        g.fillText("0", x + cellSize / 2, y + cellSize / 2);
                    }
                } else {
                    boolean shown = mr * matrixCols + mc < shownCells;
                    double v = values[mr][mc];
                    Color fill = shown && !Double.isNaN(v) ? colour(v) : Color.WHITE;
                    g.setFill(fill);
                    g.fillRect(x, y, cellSize, cellSize);
                    if (text && shown && !Double.isNaN(v)) {
                        g.setFill(fill.getBrightness() < 0.55 ? Color.WHITE : Color.BLACK);
                        // squeezed to leave a gap, so that neighbours never read as one number ("-0.770.055")
                        g.fillText(label(v), x + cellSize / 2, y + cellSize / 2, cellSize - 8);
                    }
                    if (marks.contains(mr * matrixCols + mc)) {
                        g.setStroke(Color.web("#8250df"));
                        g.setLineWidth(3);
                        g.strokeRect(x + 2, y + 2, cellSize - 4, cellSize - 4);
                    }
                }
                g.setStroke(Color.web("#d0d7de"));
                g.setLineWidth(1);
                g.strokeRect(x, y, cellSize, cellSize);
            }
        }
        drawOverlays(g, ox, oy);
    }

    /** The quiz's "?" cell, the marker, the window and (with the focus) the keyboard's cell, over the cells. */
    private void drawOverlays(GraphicsContext g, double ox, double oy) {
        if (question != null) {
            double x = (question[1] + padLeft) * cellSize - ox;
            double y = (question[0] + padTop) * cellSize - oy;
            g.setFill(Color.web("#fff8c5"));
            g.fillRect(x, y, cellSize, cellSize);
            g.setFill(Color.web("#7d4e00"));
            g.setFont(Font.font("DejaVu Sans", FontWeight.BOLD, Math.max(10, cellSize * 0.6)));
            g.fillText("?", x + cellSize / 2, y + cellSize / 2);
        }
        if (marker != null) {
            g.setStroke(Color.web("#1a7f37"));
            g.setLineWidth(4);
            g.strokeOval(marker[1] * cellSize - ox + 4, marker[0] * cellSize - oy + 4, cellSize - 8, cellSize - 8);
        }
        if (window != null) {
            g.setStroke(Color.web("#cf222e"));
            g.setLineWidth(4);
            g.strokeRect(window[1] * cellSize - ox + 2, window[0] * cellSize - oy + 2,
                    window[3] * cellSize - 4, window[2] * cellSize - 4);
        }
        if (isFocused()) { // the keyboard's cell: a thick dashed outline, black inside white, on any colour
            double x = (cursorCol + padLeft) * cellSize - ox;
            double y = (cursorRow + padTop) * cellSize - oy;
            g.setLineDashes(6, 4);
            g.setLineWidth(5);
            g.setStroke(Color.WHITE);
            g.strokeRect(x + 3, y + 3, cellSize - 6, cellSize - 6);
            g.setLineWidth(3);
            g.setStroke(Color.BLACK);
            g.strokeRect(x + 3, y + 3, cellSize - 6, cellSize - 6);
            g.setLineDashes(null);
        }
    }

    private String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Num.format(v);
        }
        if (precise && Math.abs(v) < 1) {
            return String.format(java.util.Locale.ROOT, "%.2g", v);
        }
        return Math.abs(v) >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", v) : Math.abs(v) >= 10 ? String.format(java.util.Locale.ROOT, "%.1f", v)
                : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private Color colour(double v) {
        if (max == min) {
            return Color.web("#ddf4ff");
        }
        if (diverging) {
            double m = Math.max(Math.abs(min), Math.abs(max));
            double t = v / m; // -1..1: blue .. white .. red
            return t < 0 ? Color.WHITE.interpolate(Color.web("#0969da"), -t * 0.85)
                    : Color.WHITE.interpolate(Color.web("#cf222e"), t * 0.85);
        }
        double t = (v - min) / (max - min);
        return Color.web("#ffffff").interpolate(Color.web("#0a3069"), t * 0.9);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
