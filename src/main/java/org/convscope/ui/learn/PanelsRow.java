package org.convscope.ui.learn;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.MatrixView;

/**
 * The Learn screen's matrices side by side, each under its title, drawn with the stepper's {@link MatrixView}
 * (window in red, the max pooling winner circled, the quiz's cell as a yellow "?", cells not computed yet empty).
 * The cells are sized so that every matrix fits the row's width and height, presenter scale included. Each matrix's
 * context menu saves it as PNG (1x, 2x, 3x) with {@link org.convscope.ui.common.FigureExport}.
 */
final class PanelsRow extends HBox {

    private static final double MAX_CELL = 44;
    private static final double MIN_CELL = 16;
    /**
     * The smallest cell in presenter mode, before its 1.5 scale: 38 * 1.5 = 57 px cells, whose numbers are drawn at
     * 57 * 0.32 = 18.2 px, readable from the back of a classroom. Matrices that do not fit at this size scroll.
     */
    static final double PRESENTER_MIN_CELL = 38;
    private final List<VBox> boxes = new ArrayList<>();
    private final List<MatrixView> views = new ArrayList<>();
    private final List<Label> titles = new ArrayList<>();
    private List<LearnPanel> panels = List.of();
    /** The boxes one under the other (long vectors, e.g. 10 classes), or null while they stand side by side. */
    private VBox stack;
    private boolean stacked;
    /** What the last Save as PNG (each matrix's context menu) wrote, or why not. */
    private final javafx.beans.property.SimpleStringProperty saved = new javafx.beans.property.SimpleStringProperty(this, "saved", "");

    PanelsRow() {
        super(14);
        setId("learn-matrices");
        setPadding(new Insets(6, 12, 6, 12));
        setAlignment(Pos.TOP_LEFT);
        setMinSize(0, 0);
        widthProperty().addListener((o, a, b) -> fit());
        heightProperty().addListener((o, a, b) -> fit());
    }

    /** What the last Save as PNG wrote ("Saved ..."), or why not; empty before the first. */
    javafx.beans.property.ReadOnlyStringProperty savedProperty() {
        return saved;
    }

    /** Shows what Save as PNG did under the matrix (the screen has no status line), until the next click. */
    private void saved(MatrixView v, String line) {
        saved.set(line);
        javafx.geometry.Bounds b = v.localToScreen(v.getBoundsInLocal());
        if (b != null) {
            javafx.scene.control.Tooltip note = new javafx.scene.control.Tooltip(line);
            note.setAutoHide(true);
            note.show(v, b.getMinX(), b.getMaxY() + 4);
        }
    }

    /** Shows these panels, left to right. */
    void show(List<LearnPanel> shown) {
        this.panels = shown;
        while (views.size() < shown.size()) {
            MatrixView v = new MatrixView();
            v.setId("learn-matrix-" + views.size());
            v.setPrecise(true);
            Label t = new Label();
            t.getStyleClass().add("panel-title");
            t.setWrapText(true);
            t.setMinHeight(Region.USE_PREF_SIZE);
            VBox box = new VBox(4, t, v);
            org.convscope.ui.common.FigureExport.install(v, "learn-matrix-" + views.size(), line -> saved(v, line));
            views.add(v);
            titles.add(t);
            boxes.add(box);
        }
        stacked = false;
        layOut();
        for (int i = 0; i < shown.size(); i++) {
            LearnPanel p = shown.get(i);
            MatrixView v = views.get(i);
            titles.get(i).setText(p.title());
            v.setName(p.title()); // read out with each cell by screen readers
            v.setMatrix(p.values(), p.pad());
            v.setWindow(p.window());
            v.setMarker(p.marker());
            v.setMarks(p.marks());
            v.setQuestionCell(p.question());
            if (p.window() != null) {
                v.reveal(p.window()[0], p.window()[1]);
            }
        }
        fit();
    }

    /** Puts the boxes side by side, or one under the other when {@link #stacked}. */
    private void layOut() {
        List<VBox> shown = boxes.subList(0, panels.size());
        if (stacked) {
            if (stack == null) {
                stack = new VBox(8);
                stack.setId("learn-matrices-stacked");
            }
            stack.getChildren().setAll(shown);
            getChildren().setAll(stack);
        } else {
            if (stack != null) {
                stack.getChildren().clear();
            }
            getChildren().setAll(shown);
        }
    }

    /**
     * Sizes the cells so that all the matrices fit side by side and, under their titles, in height: 16 to 44 px before
     * presenter scale, and at least {@link #PRESENTER_MIN_CELL} in presenter mode (a matrix that is then too large for
     * the row shows scroll bars). The titles wrap to the matrices' widths (at least 6em), so their height is measured after.
     * Long vectors side by side (the 10 classes of a training image: p, y and delta) would get small cells: when the
     * matrices one under the other get cells at least a third larger, they are stacked.
     */
    private void fit() {
        if (panels.isEmpty() || getWidth() <= 0) {
            return;
        }
        double scale = isPresenter() ? 1.5 : 1;
        double em = isPresenter() ? 20 : 16;
        double least = isPresenter() ? PRESENTER_MIN_CELL : MIN_CELL;
        int cols = 0;
        int rows = 0;
        int widest = 0;
        int allRows = 0;
        for (LearnPanel p : panels) {
            cols += width(p);
            int r = p.values().length + p.pad()[0] + p.pad()[2];
            rows = Math.max(rows, r);
            widest = Math.max(widest, width(p));
            allRows += r;
        }
        Insets in = getPadding();
        double inner = getWidth() - in.getLeft() - in.getRight();
        double w = inner - getSpacing() * (panels.size() - 1) - 20.0 * panels.size();
        double cell = clamp(w / cols / scale, least);
        size(cell, em);
        double titleHeight = 0;
        for (Label t : titles.subList(0, panels.size())) {
            titleHeight = Math.max(titleHeight, t.prefHeight(t.getPrefWidth()));
        }
        double height = getHeight() - in.getTop() - in.getBottom();
        double h = height - titleHeight - 24;
        double sideBySide = Math.min(cell, clamp(h / rows / scale, least));
        int n = panels.size();
        double hStacked = height - n * (titleHeight + 24) - 8 * (n - 1);
        double oneUnder = Math.min(clamp((inner - 20) / widest / scale, least), clamp(hStacked / allRows / scale, least));
        boolean stack = n > 1 && oneUnder >= sideBySide * 4 / 3 && hStacked / allRows / scale >= least;
        if (stack != stacked) {
            stacked = stack;
            layOut();
        }
        size(stacked ? oneUnder : sideBySide, em);
        wholeRows(stacked ? Double.MAX_VALUE : height);
    }

    /**
     * A matrix taller than the row's height (presenter mode's large cells) shows as many whole rows as fit and scrolls
     * for the rest, rather than a row cut in half at its foot. Each matrix counts under its own title (one title that
     * wraps to two lines does not take a row from the others).
     */
    private void wholeRows(double height) {
        for (int i = 0; i < panels.size(); i++) {
            MatrixView v = views.get(i);
            LearnPanel p = panels.get(i);
            int rows = p.values().length + p.pad()[0] + p.pad()[2];
            double cell = v.getCellSize();
            Label t = titles.get(i);
            int fit = (int) Math.floor((height - t.prefHeight(t.getPrefWidth()) - 6) / cell);
            v.setMaxHeight(rows > fit ? Math.max(1, fit) * cell : Region.USE_COMPUTED_SIZE);
        }
    }

    private void size(double cell, double em) {
        for (int i = 0; i < panels.size(); i++) {
            MatrixView v = views.get(i);
            v.setCellSize(cell);
            double px = width(panels.get(i)) * v.getCellSize() + 16;
            v.setPrefWidth(px);
            v.setMinWidth(Math.min(px, 60));
            titles.get(i).setPrefWidth(Math.max(px, 6 * em));
            titles.get(i).setMaxWidth(Math.max(px, 6 * em));
        }
    }

    private static double clamp(double cell, double least) {
        return Math.max(least, Math.min(MAX_CELL, cell));
    }

    /** After the matrices got their sizes, scrolls each one that scrolls to its highlighted cells. */
    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        for (int i = 0; i < panels.size(); i++) {
            int[] w = panels.get(i).window();
            if (w != null) {
                views.get(i).reveal(w[0], w[1]);
            }
        }
    }

    private static int width(LearnPanel p) {
        return (p.values().length == 0 ? 0 : p.values()[0].length) + p.pad()[1] + p.pad()[3];
    }

    private boolean isPresenter() {
        return getScene() != null && getScene().getRoot() != null
                && getScene().getRoot().getStyleClass().contains(Css.PRESENTER);
    }
}
