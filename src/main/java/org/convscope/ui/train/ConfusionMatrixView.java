package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import org.convscope.core.train.Evaluation;

/**
 * A confusion matrix as a grid: one row per true class, one column per predicted class, each cell's count on a
 * colour as strong as its share of the row (row-normalised, so every class reads the same however many images it
 * has); the diagonal is green, mistakes red. Recall closes each row and precision each column. Clicking a cell
 * (or Enter on it) asks for that cell's images.
 */
final class ConfusionMatrixView extends GridPane {

    /** The style class of the chosen cell. */
    static final String SELECTED = "matrix-cell-selected";
    private static final String BASE_STYLE = "convscope.baseStyle";
    private final BiConsumer<Integer, Integer> onCell;

    /**
     * @param onCell called with (true class, predicted class) when a cell is chosen
     */
    ConfusionMatrixView(BiConsumer<Integer, Integer> onCell) {
        this.onCell = onCell;
        setId("confusion-matrix");
        setHgap(2);
        setVgap(2);
    }

    /** Shows an evaluation; null clears the grid. */
    void show(Evaluation e) {
        getChildren().clear();
        if (e == null) {
            return;
        }
        List<String> names = e.classes();
        long[][] m = e.matrix();
        int n = names.size();
        Label corner = header(tr("train.cm.corner"));
        corner.setId("confusion-corner");
        add(corner, 0, 0);
        for (int p = 0; p < n; p++) {
            Label h = header(shortName(names.get(p)));
            h.setTooltip(new Tooltip(tr("train.cm.predicted", names.get(p))));
            add(h, p + 1, 0);
        }
        add(header(tr("train.cm.recall")), n + 1, 0);
        for (int t = 0; t < n; t++) {
            Label rowName = header(names.get(t));
            rowName.setAlignment(Pos.CENTER_RIGHT);
            add(rowName, 0, t + 1);
            long row = 0;
            for (long v : m[t]) {
                row += v;
            }
            for (int p = 0; p < n; p++) {
                add(cell(t, p, m[t][p], row, names), p + 1, t + 1);
            }
            add(header(percent(e.recall(t))), n + 1, t + 1);
        }
        add(header(tr("train.cm.precision")), 0, n + 1);
        for (int p = 0; p < n; p++) {
            add(header(percent(e.precision(p))), p + 1, n + 1);
        }
        Label acc = header(String.format(Locale.ROOT, "%.1f%%", 100 * e.accuracy()));
        acc.setTooltip(new Tooltip(tr("train.cm.accuracyTip")));
        acc.setId("confusion-accuracy");
        add(acc, n + 1, n + 1);
    }

    /**
     * Marks one cell as chosen (a thick outline), or none.
     *
     * @param cell {@code {truth, predicted}}, or null
     */
    void highlight(int[] cell) {
        for (javafx.scene.Node node : getChildren()) {
            Object base = node.getProperties().get(BASE_STYLE);
            if (base == null) {
                continue;
            }
            boolean chosen = cell != null && ("cm-" + cell[0] + "-" + cell[1]).equals(node.getId());
            node.getStyleClass().remove(SELECTED);
            if (chosen) {
                node.getStyleClass().add(SELECTED);
            }
            node.setStyle(base + (chosen ? " -fx-border-color: #1565c0; -fx-border-width: 3;" : ""));
        }
    }

    /** Returns the cell's node, {@code cm-t-p}; null when none is shown. */
    javafx.scene.Node cellNode(int t, int p) {
        return lookup("#cm-" + t + "-" + p);
    }

    private Label cell(int t, int p, long count, long row, List<String> names) {
        Label c = new Label(Long.toString(count));
        c.setId("cm-" + t + "-" + p);
        c.getStyleClass().add("matrix-cell");
        c.setAlignment(Pos.CENTER);
        c.setMinSize(54, 34);
        c.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        double share = row == 0 ? 0 : count / (double) row;
        // white -> green on the diagonal, white -> red elsewhere; text turns white on strong colours
        String rgb = t == p ? "46, 125, 50" : "198, 40, 40";
        String style = String.format(Locale.ROOT, "-fx-background-color: rgba(%s, %.3f); -fx-text-fill: %s;", rgb,
                Math.min(1, 0.08 + 0.92 * share), share > 0.45 ? "white" : "-color-fg-default");
        c.getProperties().put(BASE_STYLE, style);
        c.setStyle(style);
        c.setTooltip(new Tooltip(tr(count == 1 ? "train.cm.cellOne" : "train.cm.cellMany", String.format(Locale.ROOT, "%,d", count),
                names.get(t), names.get(p), String.format(Locale.ROOT, "%.1f", 100 * share))));
        c.setAccessibleText(tr("a11y.cm.cell", names.get(t), names.get(p), Long.toString(count)));
        c.setAccessibleHelp(tr("a11y.cm.help"));
        c.setFocusTraversable(true);
        c.setOnMouseClicked(ev -> {
            c.requestFocus();
            onCell.accept(t, p);
        });
        c.setOnKeyPressed(ev -> {
            if (ev.getCode() == javafx.scene.input.KeyCode.ENTER || ev.getCode() == javafx.scene.input.KeyCode.SPACE) {
                onCell.accept(t, p);
                ev.consume();
            }
        });
        return c;
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("matrix-header");
        l.setAlignment(Pos.CENTER);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // headers are read in full, never "predic..."
        return l;
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    /** The first five letters, enough to tell CIFAR-10's classes apart (autom, airpl, ...). */
    static String shortName(String name) {
        return name.length() <= 6 ? name : name.substring(0, 5) + ".";
    }
}
