package org.convscope.ui.canvas;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
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
    /** The most room "Connected to" takes, in ems: a name such as {@code s1b1_bn2}; longer ones end in "...". */
    private static final double CONNECTED_MAX_EMS = 7;
    /** The most room "Layer (type)" takes beside "Connected to", in ems (1280x720 in presenter mode keeps "How"). */
    private static final double GRAPH_LAYER_MAX_EMS = 10;
    private final TableColumn<SummaryRow, String> connected = column("Connected to", 0.2, SummaryRow::connected, Css.MONO);

    SummaryPane(BuildViewModel vm) {
        super(6);
        setPadding(new Insets(8, 12, 8, 12));
        table.setId("summary-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("#", 0.04, l -> Integer.toString(l.index()), Css.NUMBER));
        table.getColumns().add(column("Layer (type)", 0.3, SummaryRow::layer, null));
        table.getColumns().add(column("Output shape", 0.2, SummaryRow::shape, Css.MONO));
        table.getColumns().add(column("Param #", 0.12, SummaryRow::params, Css.NUMBER));
        table.getColumns().add(column("MACs", 0.13, SummaryRow::macs, Css.NUMBER));
        connected.setVisible(false); // shown for graph models only, as Keras' functional summary
        table.getColumns().add(connected);
        table.getColumns().add(column("How", 0.21, SummaryRow::how, Css.MONO));
        table.setPlaceholder(new Label("This model has no layers yet."));
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
        getChildren().addAll(table, totals);
        totals.fontProperty().addListener((o, a, b) -> fitColumns());
        vm.analysisProperty().addListener((o, a, b) -> show(b, vm.selectedProperty().get()));
        vm.selectedProperty().addListener((o, a, b) -> show(vm.analysis(), b.intValue()));
        show(vm.analysis(), vm.selectedProperty().get());
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
        totals.setText("Total params: " + SummaryTable.thousands(analysis.totalParams())
                + "    Trainable: " + SummaryTable.thousands(analysis.trainableParams())
                + "    Non-trainable: " + SummaryTable.thousands(analysis.nonTrainableParams())
                + "\nMACs per image: " + SummaryTable.thousands(analysis.totalMacs())
                + "    Weights: " + bytes(analysis.weightBytes())
                + "    Training memory (batch 64): "
                + org.convscope.core.analysis.MemoryEstimate.human(
                        org.convscope.core.analysis.MemoryEstimate.of(analysis).trainingBytes(64))
                + (analysis.valid() ? "" : "    (up to the first problem)"));
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
        return snappedTopInset() + table.minHeight(inner) + getSpacing() + totals.prefHeight(inner) + snappedBottomInset();
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
