package org.convscope.ui.build;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Callback;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.io.Presets;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Screen;

/**
 * The Build screen: pick a preset or open a model file and read its Keras-style summary: each layer's
 * output shape, parameters and MACs, with the formula behind them.
 */
public final class BuildScreen implements Screen {

    private final BuildViewModel vm;
    private final Runnable openAction;
    private final VBox root = new VBox(12);

    /**
     * Creates the screen.
     *
     * @param session the shared model session
     * @param openAction what "Open model..." does (the shell's File &gt; Open)
     */
    public BuildScreen(ModelSession session, Runnable openAction) {
        this.vm = new BuildViewModel(session);
        this.openAction = openAction;
        createView();
    }

    @Override
    public String id() {
        return "build";
    }

    @Override
    public String title() {
        return "Build";
    }

    @Override
    public Node view() {
        return root;
    }

    private void createView() {
        ComboBox<String> presets = new ComboBox<>();
        presets.setId("preset-picker");
        presets.getItems().setAll(Presets.ids());
        presets.setPromptText("Choose a preset");
        Callback<javafx.scene.control.ListView<String>, ListCell<String>> cells = lv -> new ListCell<>() {
            @Override
            protected void updateItem(String id, boolean empty) {
                super.updateItem(id, empty);
                setText(empty || id == null ? null : Presets.find(id).map(m -> m.name()).orElse(id));
            }
        };
        presets.setCellFactory(cells);
        presets.setButtonCell(cells.call(null));
        presets.setValue(vm.presetIdProperty().get());
        vm.presetIdProperty().addListener((o, a, id) -> presets.setValue(id));
        presets.setOnAction(e -> vm.usePreset(presets.getValue()));
        presets.setTooltip(new Tooltip("Bundled example models, each reproducing a tutorial's summary table"));

        Button open = new Button("Open model...");
        open.setId("open-model");
        open.setOnAction(e -> openAction.run());

        Label pick = new Label("Preset:");
        HBox bar = new HBox(12, pick, presets, open);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label title = new Label();
        title.setId("model-title");
        title.getStyleClass().add(Css.SCREEN_TITLE);
        title.textProperty().bind(vm.titleProperty());
        Label description = new Label();
        description.getStyleClass().add(Css.SUBTITLE);
        description.setWrapText(true);
        description.textProperty().bind(vm.descriptionProperty());
        Label input = new Label();
        input.setId("model-input");
        input.getStyleClass().add(Css.MONO);
        input.textProperty().bind(vm.inputTextProperty());

        TableView<LayerInfo> table = new TableView<>(vm.rows());
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

        Label details = new Label("Select a layer to see how its shape and parameters are computed.");
        details.setId("layer-details");
        details.getStyleClass().add(Css.MONO);
        details.setWrapText(true);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, l) -> details.setText(l == null
                ? "Select a layer to see how its shape and parameters are computed."
                : l.name() + " (" + l.spec().type() + "): " + l.input().keras() + " -> " + l.output().keras()
                        + (l.formula().isEmpty() ? "" : "\n" + l.formula().replace("; ", "\n"))));

        Label totals = new Label();
        totals.setId("summary-totals");
        totals.getStyleClass().add(Css.TOTALS);
        totals.setWrapText(true);
        totals.textProperty().bind(vm.totalsProperty());

        Label problem = new Label();
        problem.setId("model-problem");
        problem.getStyleClass().add(Css.PROBLEM);
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(Bindings.isNotEmpty(vm.problemProperty()));
        problem.managedProperty().bind(problem.visibleProperty());

        root.getChildren().setAll(bar, title, description, input, table, details, problem, totals);
        root.setPadding(new Insets(16));
        root.setId("screen-build");
    }

    private static TableColumn<LayerInfo, String> column(String name, double share,
                                                         java.util.function.Function<LayerInfo, String> text,
                                                         String styleClass) {
        TableColumn<LayerInfo, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(text.apply(cd.getValue())));
        c.setSortable(false);
        c.setReorderable(false);
        c.setPrefWidth(1200 * share);
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
