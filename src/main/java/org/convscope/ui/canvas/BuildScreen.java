package org.convscope.ui.canvas;

import static org.convscope.ui.common.I18n.tr;

import java.util.function.Predicate;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.Callback;
import org.convscope.io.Presets;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Screen;

/**
 * The Build screen: a palette of layers, the canvas where the network is assembled with every shape
 * shown, the selected layer's properties, and a live Keras-style summary.
 */
public final class BuildScreen implements Screen {

    private final BuildViewModel vm;
    private final Runnable openAction;
    private final Predicate<String> confirmDiscard;
    private final BorderPane root = new BorderPane();
    private CanvasPane canvas;

    /**
     * Creates the screen.
     *
     * @param session the shared model session
     * @param openAction what "Open..." does (the shell's File &gt; Open)
     * @param confirmDiscard asks the user before unsaved changes are dropped; the argument names the action
     */
    public BuildScreen(ModelSession session, Runnable openAction, Predicate<String> confirmDiscard) {
        this.vm = new BuildViewModel(session);
        this.openAction = openAction;
        this.confirmDiscard = confirmDiscard;
        createView();
    }

    @Override
    public String id() {
        return "build";
    }

    @Override
    public String title() {
        return tr("screen.build");
    }

    @Override
    public Node view() {
        return root;
    }

    /** Deletes the selected layer (Edit menu). */
    public void deleteSelected() {
        vm.deleteSelected();
    }

    /** Duplicates the selected layer (Edit menu). */
    public void duplicateSelected() {
        vm.duplicateSelected();
    }

    private void createView() {
        vm.setJoinChooser(inputs -> GraphMenu.chooseInput(root.getScene() == null ? null : root.getScene().getWindow(),
                vm.layerName(vm.selectedProperty().get()), inputs));
        canvas = new CanvasPane(vm);
        PropertiesPane properties = new PropertiesPane(vm);
        canvas.addEventHandler(CanvasPane.EditRequest.TYPE, e -> properties.focusFirst());
        ScrollPane propertiesScroll = new ScrollPane(properties);
        propertiesScroll.setFitToWidth(true);
        PalettePane palette = new PalettePane(vm);
        ScrollPane paletteScroll = new ScrollPane(palette);
        paletteScroll.setFitToWidth(true);
        paletteScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        // Never narrower than the longest layer name ("BatchNormalization") and a scroll bar, at any type size.
        paletteScroll.minWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> palette.prefWidth(-1) + 16, palette.layoutBoundsProperty()));

        SplitPane work = new SplitPane(paletteScroll, canvas, propertiesScroll);
        work.setDividerPositions(0.2, 0.68);
        SplitPane.setResizableWithParent(paletteScroll, false);
        SummaryPane summary = new SummaryPane(vm);
        SplitPane.setResizableWithParent(summary, false);
        SplitPane vertical = new SplitPane(work, summary);
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.setDividerPositions(0.62);

        // a folded summary (its totals only) leaves the split pane and sits under it, giving the canvas the height
        BorderPane body = new BorderPane(vertical);
        java.util.function.Consumer<Boolean> place = folded -> {
            if (folded && vertical.getItems().remove(summary)) {
                body.setBottom(summary);
            } else if (!folded && !vertical.getItems().contains(summary)) {
                body.setBottom(null);
                vertical.getItems().add(summary);
                vertical.setDividerPositions(0.62);
            }
            javafx.application.Platform.runLater(() -> {
                root.layout(); // the canvas' new height, then the input block back in view where it fits
                canvas.scrollHomeIfSelectionFits();
            });
        };
        summary.collapsedProperty().addListener((o, a, folded) -> place.accept(folded));
        place.accept(summary.collapsedProperty().get());
        // presenter mode (a style class on the window's root) folds a graph's table: at 1280x720 the table left the
        // canvas 170 px. Suggested after the pulse that attached the screen, never while the scene graph changes.
        Runnable suggest = () -> javafx.application.Platform.runLater(() -> summary.suggestFolded(
                root.getScene() != null && root.getScene().getRoot().getStyleClass().contains(Css.PRESENTER)
                        && vm.model().isGraph()));
        javafx.collections.ListChangeListener<String> rootClasses = c -> suggest.run();
        root.sceneProperty().addListener((o, was, scene) -> {
            if (was != null) {
                was.getRoot().getStyleClass().removeListener(rootClasses);
            }
            if (scene != null) {
                scene.getRoot().getStyleClass().addListener(rootClasses);
                suggest.run();
            }
        });
        vm.analysisProperty().addListener((o, a, b) -> suggest.run());
        root.setTop(toolbar());
        root.setCenter(body);
        root.setId("screen-build");
    }

    private FlowPane toolbar() {
        ComboBox<String> presets = presetPicker();
        Button open = new Button(tr("canvas.open"));
        open.setId("open-model");
        open.setOnAction(e -> openAction.run());
        Label description = description();
        javafx.scene.control.MenuButton graph = new javafx.scene.control.MenuButton(tr("canvas.graph"));
        graph.setId("graph-menu");
        graph.setTooltip(new Tooltip(tr("canvas.graphTip")));
        graph.setOnShowing(e -> graph.getItems().setAll(GraphMenu.items(vm)));
        graph.getItems().setAll(GraphMenu.items(vm));
        HBox controls = new HBox(12, presets, open, graph);
        controls.getChildren().addAll(layoutToggles());
        for (Node n : controls.getChildren()) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }
        // The controls stay whole and wrap to a second line on a narrow window; the description takes what is left
        // of the first line (all of it in its tooltip).
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane bar = new FlowPane(12, 6, description, controls);
        bar.setId("build-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        description.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> {
            double rest = bar.getWidth() - 24 - 12 - controls.prefWidth(-1);
            return rest >= 240 ? rest : Math.max(0, bar.getWidth() - 24);
        }, bar.widthProperty(), controls.widthProperty()));
        description.maxWidthProperty().bind(description.prefWidthProperty());
        return bar;
    }

    private ComboBox<String> presetPicker() {
        ComboBox<String> presets = new ComboBox<>();
        presets.setId("preset-picker");
        presets.getItems().setAll(Presets.ids());
        presets.setPromptText(tr("canvas.presetPrompt"));
        Callback<ListView<String>, ListCell<String>> cells = lv -> new ListCell<>() {
            @Override
            protected void updateItem(String id, boolean empty) {
                super.updateItem(id, empty);
                setText(empty || id == null ? tr("canvas.presetPrompt") : Presets.find(id).map(m -> org.convscope.io.PresetTexts.nameOf(id))
                        .orElse(id));
            }
        };
        presets.setCellFactory(cells);
        presets.setButtonCell(cells.call(null));
        presets.setValue(vm.session().presetIdProperty().get());
        vm.session().presetIdProperty().addListener((o, a, id) -> presets.setValue(id));
        presets.setOnAction(e -> {
            String id = presets.getValue();
            if (id != null && !id.equals(vm.session().presetIdProperty().get())) {
                if (confirmDiscard.test(tr("action.loadPreset"))) {
                    vm.usePreset(id);
                } else {
                    presets.setValue(vm.session().presetIdProperty().get());
                }
            }
        });
        presets.setTooltip(new Tooltip(tr("canvas.presetTip")));
        return presets;
    }

    /**
     * A model's description in the user's language: a bundled preset's unchanged description is translated (the
     * preset files keep English), any other model's is shown as it is.
     */
    static String shownDescription(org.convscope.core.model.ModelSpec model) {
        return org.convscope.io.PresetTexts.description(model);
    }

    /** The model's description, cut to the room there is, whole in its tooltip. */
    private Label description() {
        Label description = new Label();
        description.setId("model-description");
        description.getStyleClass().add(Css.SUBTITLE);
        description.setMinWidth(0);
        description.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> shownDescription(vm.session().getModel()), vm.session().modelProperty()));
        Tooltip whole = new Tooltip();
        whole.setWrapText(true);
        whole.setMaxWidth(640);
        whole.textProperty().bind(description.textProperty());
        description.tooltipProperty().bind(javafx.beans.binding.Bindings.when(description.textProperty().isEmpty())
                .then((Tooltip) null).otherwise(whole));
        return description;
    }

    private ToggleButton[] layoutToggles() {
        ToggleGroup layout = new ToggleGroup();
        ToggleButton down = new ToggleButton("\u2193");
        down.setTooltip(new Tooltip(tr("canvas.layoutDown")));
        down.setId("layout-vertical");
        ToggleButton right = new ToggleButton("\u2192");
        right.setTooltip(new Tooltip(tr("canvas.layoutRight")));
        right.setId("layout-horizontal");
        down.setToggleGroup(layout);
        right.setToggleGroup(layout);
        down.setSelected(true);
        down.setOnAction(e -> {
            vm.setOrientation(BuildViewModel.Orientation.VERTICAL);
            down.setSelected(true);
        });
        right.setOnAction(e -> {
            vm.setOrientation(BuildViewModel.Orientation.HORIZONTAL);
            right.setSelected(true);
        });
        return new ToggleButton[] {down, right};
    }
}
