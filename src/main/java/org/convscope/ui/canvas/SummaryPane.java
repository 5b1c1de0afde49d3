package org.convscope.ui.canvas;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.ui.common.Css;

/** The live Keras-style summary: one row per layer, then totals, MACs and weights memory. */
final class SummaryPane extends VBox {

    private final TableView<LayerInfo> table = new TableView<>();
    private final Label totals = new Label();

    SummaryPane(BuildViewModel vm) {
        super(6);
        setPadding(new Insets(8, 12, 8, 12));
        table.setId("summary-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("#", 0.04, l -> Integer.toString(l.index()), Css.NUMBER));
        table.getColumns().add(column("Layer (type)", 0.3, l -> l.name() + " (" + l.spec().type() + ")", null));
        table.getColumns().add(column("Output shape", 0.2, l -> l.output().keras(), Css.MONO));
        table.getColumns().add(column("Param #", 0.12, l -> SummaryTable.thousands(l.params()), Css.NUMBER));
        table.getColumns().add(column("MACs", 0.13, l -> SummaryTable.thousands(l.macs()), Css.NUMBER));
        table.getColumns().add(column("How", 0.21, LayerInfo::formula, Css.MONO));
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
        table.setMinHeight(60);
        getChildren().addAll(table, totals);
        vm.analysisProperty().addListener((o, a, b) -> show(b, vm.selectedProperty().get()));
        vm.selectedProperty().addListener((o, a, b) -> show(vm.analysis(), b.intValue()));
        show(vm.analysis(), vm.selectedProperty().get());
    }

    private void show(ModelAnalysis analysis, int selected) {
        var items = table.getItems();
        var rows = analysis.layers();
        if (items.size() != rows.size()) {
            items.setAll(rows);
        } else {
            for (int r = 0; r < rows.size(); r++) {
                if (!items.get(r).equals(rows.get(r))) {
                    items.set(r, rows.get(r)); // only changed rows get new cells
                }
            }
        }
        totals.setText("Total params: " + SummaryTable.thousands(analysis.totalParams())
                + "    Trainable: " + SummaryTable.thousands(analysis.trainableParams())
                + "    Non-trainable: " + SummaryTable.thousands(analysis.nonTrainableParams())
                + "    MACs per image: " + SummaryTable.thousands(analysis.totalMacs())
                + "    Weights: " + bytes(analysis.weightBytes())
                + "    Training memory (batch 64): "
                + org.convscope.core.analysis.MemoryEstimate.human(
                        org.convscope.core.analysis.MemoryEstimate.of(analysis).trainingBytes(64))
                + (analysis.valid() ? "" : "    (up to the first problem)"));
        LayerInfo l = selected >= 1 && selected <= analysis.layers().size() ? analysis.layers().get(selected - 1) : null;
        if (l != null && table.getSelectionModel().getSelectedItem() != l) {
            table.getSelectionModel().select(l);
        }
    }

    private static String bytes(long b) {
        return b < 1024 * 1024 ? String.format("%.1f KB", b / 1024.0) : String.format("%.1f MB", b / (1024.0 * 1024.0));
    }

    private static TableColumn<LayerInfo, String> column(String name, double share, Function<LayerInfo, String> text,
                                                         String styleClass) {
        TableColumn<LayerInfo, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(text.apply(cd.getValue())));
        c.setSortable(false);
        c.setReorderable(false);
        c.setPrefWidth(1000 * share);
        c.setCellFactory(col -> {
            TableCell<LayerInfo, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                    setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
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
