package org.convscope.ui.canvas;

import static org.convscope.ui.common.I18n.tr;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.ui.common.Css;

/** The live Keras-style summary: one row per layer, then totals, MACs and weights memory. */
final class SummaryPane extends VBox {

    /** Row height, header height and cell padding in units of the font size; the summary always shows 5 rows. */
    private static final double ROW_EMS = 1.75;
    private static final double HEADER_EMS = 2.2;
    private static final double CELL_PADDING_EMS = 1.6;
    private static final int MIN_ROWS = 5;

    /** A row of a layer that could not be built, or comes after one. */
    private static final javafx.css.PseudoClass FAULTY = javafx.css.PseudoClass.getPseudoClass("faulty");

    private final TableView<SummaryRow> table = new TableView<>();
    private final Label totals = new Label();
    /** Folds the table away (the totals stay), for a canvas that needs the height. */
    private final javafx.scene.control.ToggleButton fold = new javafx.scene.control.ToggleButton();
    private final javafx.beans.property.ReadOnlyBooleanWrapper collapsed =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "collapsed", false);
    private boolean userFolded;
    /** The most room "Connected to" takes, in ems: a name such as {@code s1b1_bn2}; longer ones end in "...". */
    private static final double CONNECTED_MAX_EMS = 7;
    /** The most room "Layer (type)" takes beside "Connected to", in ems (1280x720 in presenter mode keeps "How"). */
    private static final double GRAPH_LAYER_MAX_EMS = 10;
    private final TableColumn<SummaryRow, String> connected = column(tr("canvas.col.connected"), 0.2, SummaryRow::connected, Css.MONO);

    SummaryPane(BuildViewModel vm) {
        super(6);
        setPadding(new Insets(8, 12, 8, 12));
        table.setId("summary-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("#", 0.04, l -> Integer.toString(l.index()), Css.NUMBER));
        table.getColumns().add(column(tr("canvas.col.layer"), 0.3, SummaryRow::layer, null));
        table.getColumns().add(column(tr("canvas.col.shape"), 0.2, SummaryRow::shape, Css.MONO));
        table.getColumns().add(column(tr("canvas.col.params"), 0.12, SummaryRow::params, Css.NUMBER));
        table.getColumns().add(column(tr("canvas.col.macs"), 0.13, SummaryRow::macs, Css.NUMBER));
        connected.setVisible(false); // shown for graph models only, as Keras' functional summary
        table.getColumns().add(connected);
        table.getColumns().add(column(tr("canvas.col.how"), 0.21, SummaryRow::how, Css.MONO));
        table.setPlaceholder(new Label(tr("canvas.summary.empty")));
        VBox.setVgrow(table, Priority.ALWAYS);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, l) -> {
            if (l != null) {
                vm.select(l.index());
            }
        });
        totals.setId("summary-totals");
        totals.getStyleClass().add(Css.TOTALS);
        totals.setWrapText(true);
        totals.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        // Rows as high as the type needs, and room for the header and at least five of them at any type size.
        table.fixedCellSizeProperty().bind(Bindings.createDoubleBinding(() -> Math.ceil(fontSize() * ROW_EMS),
                totals.fontProperty()));
        table.minHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.ceil(fontSize() * (HEADER_EMS + MIN_ROWS * ROW_EMS)) + 4, totals.fontProperty()));
        fold.setId("summary-fold");
        fold.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        fold.setSelected(true);
        fold.setOnAction(e -> {
            userFolded = true; // the user's choice stands from now on
            collapsed.set(!fold.isSelected());
        });
        collapsed.addListener((o, a, now) -> {
            fold.setSelected(!now);
            updateFoldText();
            table.setVisible(!now);
            table.setManaged(!now);
        });
        fold.setTooltip(new Tooltip());
        updateFoldText();
        HBox.setHgrow(totals, Priority.ALWAYS);
        HBox bottom = new HBox(12, fold, totals);
        bottom.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().addAll(table, bottom);
        totals.fontProperty().addListener((o, a, b) -> fitColumns());
        vm.analysisProperty().addListener((o, a, b) -> show(b, vm.selectedProperty().get()));
        vm.selectedProperty().addListener((o, a, b) -> show(vm.analysis(), b.intValue()));
        show(vm.analysis(), vm.selectedProperty().get());
    }

    /** True while the table is folded away and only the totals show. */
    javafx.beans.property.ReadOnlyBooleanProperty collapsedProperty() {
        return collapsed.getReadOnlyProperty();
    }

    /**
     * Folds or unfolds the table as the screen suggests (folded for a graph model in presenter mode, whose canvas
     * needs the height); once the user has folded or unfolded it, leaves it as they chose.
     */
    void suggestFolded(boolean folded) {
        if (!userFolded) {
            collapsed.set(folded);
        }
    }

    private void updateFoldText() {
        // an arrow only, so that the totals beside it keep their two lines; the words are in the tooltip
        fold.setText(String.valueOf(collapsed.get() ? '\u25b8' : '\u25be'));
        String what = collapsed.get() ? tr("canvas.summary.show", table.getItems().size()) : tr("canvas.summary.hide");
        fold.getTooltip().setText(what);
        fold.setAccessibleText(what);
    }

    private void show(ModelAnalysis analysis, int selected) {
        var items = table.getItems();
        var rows = SummaryRow.of(analysis);
        connected.setVisible(analysis.model().isGraph());
        if (items.size() != rows.size()) {
            items.setAll(rows);
        } else {
            for (int r = 0; r < rows.size(); r++) {
                if (!items.get(r).equals(rows.get(r))) {
                    items.set(r, rows.get(r)); // only changed rows get new cells
                }
            }
        }
        fitColumns();
        updateFoldText();
        totals.setText(tr("canvas.summary.totals", SummaryTable.thousands(analysis.totalParams()),
                SummaryTable.thousands(analysis.trainableParams()), SummaryTable.thousands(analysis.nonTrainableParams()),
                SummaryTable.thousands(analysis.totalMacs()), bytes(analysis.weightBytes()),
                org.convscope.core.analysis.MemoryEstimate.human(
                        org.convscope.core.analysis.MemoryEstimate.of(analysis).trainingBytes(64)))
                + (analysis.valid() ? "" : "    " + tr("canvas.summary.partial")));
        SummaryRow l = selected >= 1 && selected <= items.size() ? items.get(selected - 1) : null;
        if (l != null && table.getSelectionModel().getSelectedItem() != l) {
            table.getSelectionModel().select(l);
        }
    }

    /** The table's five rows and the totals as wrapped at the current width (a split pane keeps this much). */
    @Override
    protected double computeMinHeight(double width) {
        double w = width > 0 ? width : getWidth() > 0 ? getWidth() : 1000;
        double inner = w - snappedLeftInset() - snappedRightInset();
        double rows = collapsed.get() ? 0 : table.minHeight(inner) + getSpacing();
        double bottom = Math.max(fold.prefHeight(-1), totals.prefHeight(inner - fold.prefWidth(-1) - 12));
        return snappedTopInset() + rows + bottom + snappedBottomInset();
    }

    private double fontSize() {
        return totals.getFont().getSize();
    }

    /**
     * Makes every column but the last ("How", which takes what is left and shows the rest in its tooltip) wide enough
     * for its longest text at the current type size, so that shapes and counts are never cut to "(None, 3...".
     */
    private void fitColumns() {
        double size = fontSize();
        Font plain = Font.font(totals.getFont().getFamily(), size);
        Font mono = Font.font("DejaVu Sans Mono", size);
        var columns = table.getColumns();
        for (int c = 0; c < columns.size() - 1; c++) {
            TableColumn<SummaryRow, ?> column = columns.get(c);
            boolean monoColumn = c >= 2; // shape, params, MACs (see the column list)
            Text probe = new Text(column.getText());
            probe.setFont(Font.font(plain.getFamily(), FontWeight.BOLD, size));
            double widest = probe.getLayoutBounds().getWidth();
            for (SummaryRow row : table.getItems()) {
                probe.setText(String.valueOf(column.getCellObservableValue(row).getValue()));
                probe.setFont(monoColumn ? mono : plain);
                widest = Math.max(widest, probe.getLayoutBounds().getWidth());
            }
            if (column == connected) { // names of joins' inputs run long: the cell ends in "..." and its tooltip has all
                widest = Math.min(widest, size * CONNECTED_MAX_EMS);
            } else if (c == 1 && connected.isVisible()) { // a graph's "Layer (type)" gives up room for "Connected to"
                widest = Math.min(widest, size * GRAPH_LAYER_MAX_EMS);
            }
            column.setMinWidth(Math.ceil(widest + size * CELL_PADDING_EMS));
        }
    }

    private static String bytes(long b) {
        return b < 1024 * 1024 ? String.format("%.1f KB", b / 1024.0) : String.format("%.1f MB", b / (1024.0 * 1024.0));
    }

    private static TableColumn<SummaryRow, String> column(String name, double share, Function<SummaryRow, String> text,
                                                         String styleClass) {
        TableColumn<SummaryRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(text.apply(cd.getValue())));
        c.setSortable(false);
        c.setReorderable(false);
        c.setPrefWidth(1000 * share);
        c.setCellFactory(col -> {
            TableCell<SummaryRow, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                    setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
                    SummaryRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                    pseudoClassStateChanged(FAULTY, row != null && row.state() != SummaryRow.State.BUILT);
                }
            };
            if (styleClass != null) {
                cell.getStyleClass().add(styleClass);
            }
            return cell;
        });
        return c;
    }
}
