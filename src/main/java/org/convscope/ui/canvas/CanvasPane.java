package org.convscope.ui.canvas;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.LayerProblem;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.core.edit.Fix;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.TensorShape;

/**
 * The layer chain: an input block, then one block per layer, each edge labelled with the tensor
 * shape that flows along it. Blocks are dragged to reorder; palette entries are dropped to insert.
 */
final class CanvasPane extends ScrollPane {

    /** Drag content prefix for a palette entry: {@code convscope-new:Conv2D}. */
    static final String NEW_PREFIX = "convscope-new:";
    /** Drag content prefix for moving block i: {@code convscope-move:3}. */
    static final String MOVE_PREFIX = "convscope-move:";

    private final BuildViewModel vm;
    private Pane chain;
    private final List<Node> layerBlocks = new ArrayList<>();
    private final List<Label> edgeLabels = new ArrayList<>();
    /** The block whose output each of {@link #edgeLabels} shows: 0 for the input, i for layer i. */
    private final List<Integer> edgeSources = new ArrayList<>();
    private Node inputNode;
    private final List<BlockParts> parts = new ArrayList<>();
    private List<String> structure = List.of();

    /** The labels of one layer block that change when its arguments or shapes change. */
    private record BlockParts(Label title, Label body, Label cost, HBox row, Tooltip tip) {
    }

    CanvasPane(BuildViewModel vm) {
        this.vm = vm;
        setId("layer-canvas");
        getStyleClass().add("layer-canvas");
        setFitToWidth(true);
        setFocusTraversable(true);
        vm.analysisProperty().addListener((o, a, b) -> rebuild());
        vm.selectedProperty().addListener((o, a, b) -> updateSelection());
        vm.markedProperty().addListener((o, a, b) -> updateSelection());
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
        menu.setId("canvas-menu");
        menu.setOnShowing(e -> menu.getItems().setAll(GraphMenu.items(vm)));
        menu.getItems().setAll(GraphMenu.items(vm));
        setContextMenu(menu);
        vm.orientationProperty().addListener((o, a, b) -> {
            setFitToWidth(b == BuildViewModel.Orientation.VERTICAL);
            setFitToHeight(b == BuildViewModel.Orientation.HORIZONTAL);
            rebuild();
        });
        setOnDragOver(this::dragOver);
        setOnDragDropped(this::dragDropped);
        setOnDragExited(e -> {
            if (chain instanceof GraphPane g) {
                g.showDrop(null);
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> CanvasKeys.keyPressed(e, vm, () -> fireEvent(new EditRequest())));
        setOnMouseClicked(e -> requestFocus());
        rebuild();
    }

    /** Returns what decides the node structure: orientation, layer types, where the problem is. */
    private List<String> structureKey() {
        List<String> key = new ArrayList<>();
        key.add(vm.orientationProperty().get().name());
        key.add(String.valueOf(vm.analysis().problem().map(LayerProblem::layerIndex).orElse(-1)));
        key.add(vm.analysis().problem().map(LayerProblem::message).orElse(""));
        for (LayerSpec l : vm.model().layers()) {
            key.add(l.type());
        }
        key.add(vm.model().inputs().toString());
        return key;
    }

    /**
     * Shows the current analysis: updates texts in place when only arguments changed (the common
     * case while typing), rebuilds the blocks when layers were added, removed, moved or broke.
     */
    void rebuild() {
        List<String> key = structureKey();
        if (key.equals(structure) && chain != null) {
            updateInPlace();
            return;
        }
        structure = key;
        layerBlocks.clear();
        edgeLabels.clear();
        edgeSources.clear();
        parts.clear();
        if (vm.model().isGraph()) {
            rebuildGraph();
            return;
        }
        ModelAnalysis analysis = vm.analysis();
        boolean vertical = vm.orientationProperty().get() == BuildViewModel.Orientation.VERTICAL;
        chain = vertical ? new VBox(0) : new HBox(0);
        if (vertical) {
            ((VBox) chain).setAlignment(Pos.TOP_CENTER);
        } else {
            ((HBox) chain).setAlignment(Pos.CENTER_LEFT);
        }
        chain.setPadding(new Insets(16));
        chain.getStyleClass().add("chain");
        inputNode = inputBlock(vm.model().input());
        chain.getChildren().add(inputNode);
        List<LayerInfo> infos = analysis.layers();
        LayerProblem problem = analysis.problem().orElse(null);
        if (problem != null && problem.layerIndex() == 0) {
            chain.getChildren().add(problemBox(problem, vm.fixes()));
        }
        TensorShape shape = vm.model().input().shape();
        chain.getChildren().add(edge(0, vertical, problem != null && problem.layerIndex() == 0 ? null : shape));
        List<LayerSpec> layers = vm.model().layers();
        for (int i = 1; i <= layers.size(); i++) {
            LayerInfo info = i <= infos.size() ? infos.get(i - 1) : null;
            boolean bad = problem != null && problem.layerIndex() == i;
            Node block = layerBlock(i, layers.get(i - 1), info, bad ? problem : null);
            layerBlocks.add(block);
            chain.getChildren().add(block);
            if (i < layers.size()) {
                chain.getChildren().add(edge(i, vertical, info == null ? null : info.output()));
            }
        }
        if (layers.isEmpty()) {
            Label hint = new Label(tr("canvas.hint"));
            hint.getStyleClass().add("canvas-hint");
            chain.getChildren().add(hint);
        } else if (problem == null) {
            chain.getChildren().add(edge(layers.size(), vertical, analysis.outputShape()));
            Label out = new Label(tr("canvas.output"));
            out.getStyleClass().add("canvas-hint");
            chain.getChildren().add(out);
        }
        setContent(chain);
        updateSelection();
    }

    /**
     * Shows a graph model: the same blocks as a chain's, placed by {@link GraphPane}, with one labelled edge per
     * connection (a skip connection beside the main column).
     */
    private void rebuildGraph() {
        ModelAnalysis analysis = vm.analysis();
        boolean vertical = vm.orientationProperty().get() == BuildViewModel.Orientation.VERTICAL;
        LayerProblem problem = analysis.problem().orElse(null);
        List<Node> blocks = new ArrayList<>();
        inputNode = inputBlock(vm.model().input());
        if (problem != null && problem.layerIndex() == 0) {
            ((VBox) ((HBox) inputNode).getChildren().get(0)).getChildren().add(problemBox(problem, vm.fixes()));
        }
        blocks.add(inputNode);
        List<LayerSpec> layers = vm.model().layers();
        for (int i = 1; i <= layers.size(); i++) {
            LayerInfo info = infoAt(i);
            Node block = layerBlock(i, layers.get(i - 1), info, problem != null && problem.layerIndex() == i
                    ? problem : null);
            layerBlocks.add(block);
            blocks.add(block);
        }
        List<Label> labels = new ArrayList<>();
        for (int[] pair : org.convscope.app.GraphLayout.connections(vm.model())) {
            Label text = new Label("?");
            text.setId("edge-" + pair[0] + "-" + pair[1]);
            text.getStyleClass().add("edge-label");
            labels.add(text);
            edgeLabels.add(text);
            edgeSources.add(pair[0]);
        }
        Label out = null;
        if (problem == null) {
            out = new Label(tr("canvas.outputShape", LayerText.shape(analysis.outputShape())));
            out.setId("graph-output");
            out.getStyleClass().add("canvas-hint");
        }
        chain = new GraphPane(vm.model(), vertical, blocks, labels, out);
        chain.setId("graph");
        updateEdgeTexts();
        setContent(chain);
        updateSelection();
    }

    /** Returns what the analysis inferred for layer i (1-based), or null (a graph's analysis may skip layers). */
    private LayerInfo infoAt(int i) {
        for (LayerInfo info : vm.analysis().layers()) {
            if (info.index() == i) {
                return info;
            }
        }
        return null;
    }

    /** Writes the shape on every edge label: the output of the block it leaves, "?" where it is not known. */
    private void updateEdgeTexts() {
        boolean badInput = vm.analysis().problem().filter(pr -> pr.layerIndex() == 0).isPresent();
        for (int e = 0; e < edgeLabels.size(); e++) {
            int from = edgeSources.get(e);
            LayerInfo info = from == 0 ? null : infoAt(from);
            TensorShape shape = badInput ? null : from == 0 ? vm.model().input().shape()
                    : info == null ? null : info.output();
            edgeLabels.get(e).setText(shape == null ? "?" : LayerText.shape(shape));
        }
    }

    private Node inputBlock(InputSpec in) {
        Label title = new Label(tr("canvas.input"));
        title.getStyleClass().add("block-title");
        Label body = new Label(inputText(in));
        body.setId("block-body-0");
        body.getStyleClass().add("block-body");
        VBox box = new VBox(2, title, body);
        return block(box, 0, "input", in.shape()); // the type names the style class
    }

    private static String inputText(InputSpec in) {
        return in.height() + " x " + in.width() + " x " + in.channels()
                + (in.channels() == 1 ? "  " + tr("canvas.grayscale") : in.channels() == 3 ? "  RGB" : "");
    }

    private static String costText(LayerInfo info) {
        return tr("canvas.cost", SummaryTable.thousands(info.params()), SummaryTable.thousands(info.macs()));
    }

    private void updateInPlace() {
        ModelAnalysis analysis = vm.analysis();
        ((Label) chain.lookup("#block-body-0")).setText(inputText(vm.model().input()));
        List<LayerSpec> layers = vm.model().layers();
        List<LayerInfo> infos = analysis.layers();
        for (int i = 1; i <= layers.size(); i++) {
            BlockParts p = parts.get(i - 1);
            LayerInfo info = vm.model().isGraph() ? infoAt(i) : i <= infos.size() ? infos.get(i - 1) : null;
            p.title().setText(vm.layerName(i) + "  \u00b7  " + layers.get(i - 1).type());
            p.body().setText(LayerText.arguments(layers.get(i - 1)));
            if (info != null && p.cost() != null) {
                p.cost().setText(costText(info));
            }
            if (info != null && p.tip() != null) {
                p.tip().setText(LayerText.formulaTooltip(info));
            }
            TensorGlyph.resize((Region) p.row().getChildren().get(1), info == null ? null : info.output());
        }
        if (vm.model().isGraph()) {
            updateEdgeTexts();
            if (chain.lookup("#graph-output") instanceof Label out) {
                out.setText(tr("canvas.outputShape", LayerText.shape(analysis.outputShape())));
            }
            chain.requestLayout();
        }
        for (int e = 0; e < edgeLabels.size() && !vm.model().isGraph(); e++) {
            boolean badInput = analysis.problem().filter(pr -> pr.layerIndex() == 0).isPresent();
            TensorShape shape = badInput ? null : e == 0 ? vm.model().input().shape()
                    : e <= infos.size() ? infos.get(e - 1).output() : null;
            edgeLabels.get(e).setText(shape == null ? "?" : LayerText.shape(shape));
        }
        updateSelection();
    }

    private Node layerBlock(int i, LayerSpec spec, LayerInfo info, LayerProblem problem) {
        Label title = new Label(vm.layerName(i) + "  \u00b7  " + spec.type());
        title.getStyleClass().add("block-title");
        Label body = new Label(LayerText.arguments(spec));
        body.getStyleClass().add("block-body");
        VBox box = new VBox(2, title, body);
        Label cost = null;
        Tooltip tip = null;
        if (info != null) {
            cost = new Label(costText(info));
            cost.setId("block-cost-" + i);
            cost.getStyleClass().add("block-cost");
            box.getChildren().add(cost);
            if (!info.formula().isEmpty()) {
                tip = new Tooltip(LayerText.formulaTooltip(info));
                tip.setShowDelay(Duration.millis(300));
                tip.setShowDuration(Duration.seconds(30));
                tip.getStyleClass().add("formula-tooltip");
                Tooltip.install(box, tip);
            }
        } else if (problem == null) {
            Label unknown = new Label(tr("canvas.shapeUnknown"));
            unknown.getStyleClass().add("block-cost");
            box.getChildren().add(unknown);
        }
        if (problem != null) {
            box.getChildren().add(problemBox(problem, vm.fixes()));
        }
        Node block = block(box, i, spec.type(), info == null ? null : info.output());
        parts.add(new BlockParts(title, body, cost, (HBox) block, tip));
        if (problem != null) {
            block.getStyleClass().add("block-error");
        } else if (info == null) {
            block.getStyleClass().add("block-unknown");
        }
        return block;
    }

    private VBox problemBox(LayerProblem problem, List<Fix> fixes) {
        String m = problem.message();
        m = m.isEmpty() ? m : Character.toUpperCase(m.charAt(0)) + m.substring(1);
        Label message = new Label(m + (problem.formula().isEmpty() ? "" : "\n" + problem.formula()));
        message.setId("block-problem");
        message.getStyleClass().add("problem");
        message.setWrapText(true);
        message.setMaxWidth(520);
        message.setMinHeight(Region.USE_PREF_SIZE);
        FlowPane buttons = new FlowPane(8, 8);
        buttons.setPrefWrapLength(520);
        for (int k = 0; k < fixes.size(); k++) {
            Fix fix = fixes.get(k);
            Button b = new Button(fix.label());
            b.setId("fix-" + k);
            b.setMnemonicParsing(false); // layer names have underscores
            b.getStyleClass().add("fix-button");
            b.setOnAction(e -> vm.applyFix(fix));
            buttons.getChildren().add(b);
        }
        return new VBox(6, message, buttons);
    }

    private Node block(VBox content, int index, String type, TensorShape shape) {
        Region glyph = TensorGlyph.of(shape);
        HBox row = new HBox(12, content, glyph);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setId("block-" + index);
        row.getStyleClass().addAll("layer-block", "type-" + type.toLowerCase());
        row.setMaxWidth(vm.orientationProperty().get() == BuildViewModel.Orientation.VERTICAL ? 640 : 360);
        row.setOnContextMenuRequested(e -> vm.select(index)); // the menu then acts on this block
        row.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.isShortcutDown()) {
                vm.toggleMark(index); // the block to join with the selected one
                requestFocus();
                e.consume();
            } else if (e.getButton() == MouseButton.PRIMARY) {
                vm.select(index);
                requestFocus();
                e.consume();
            }
        });
        if (index >= 1) {
            row.setOnDragDetected(e -> {
                var db = row.startDragAndDrop(TransferMode.MOVE);
                ClipboardContent c = new ClipboardContent();
                c.putString(MOVE_PREFIX + index);
                db.setContent(c);
                e.consume();
            });
        }
        return row;
    }

    private Node edge(int after, boolean vertical, TensorShape shape) {
        Label arrow = new Label(vertical ? "\u2193" : "\u2192");
        arrow.getStyleClass().add("edge-arrow");
        Label text = new Label(shape == null ? "?" : LayerText.shape(shape));
        text.setId("edge-" + after);
        text.getStyleClass().add("edge-label");
        edgeLabels.add(text);
        Pane box = vertical ? new HBox(10, arrow, text) : new VBox(2, text, arrow);
        if (box instanceof HBox h) {
            h.setAlignment(Pos.CENTER);
        } else {
            ((VBox) box).setAlignment(Pos.CENTER);
        }
        box.getStyleClass().add("edge");
        return box;
    }

    private void updateSelection() {
        int sel = vm.selectedProperty().get();
        for (Node n : chain.getChildren()) {
            n.getStyleClass().removeAll("selected", "marked");
        }
        int mark = vm.markedProperty().get();
        Node marked = mark == 0 ? inputNode : mark >= 1 && mark <= layerBlocks.size() ? layerBlocks.get(mark - 1) : null;
        if (marked != null) {
            marked.getStyleClass().add("marked");
        }
        Node target = sel == 0 ? inputNode : sel >= 1 && sel <= layerBlocks.size()
                ? layerBlocks.get(sel - 1) : null;
        if (target != null) {
            target.getStyleClass().add("selected");
            Node t = target;
            // Right after a rebuild the new blocks have no bounds yet: scroll once layout has run.
            javafx.application.Platform.runLater(() -> CanvasKeys.ensureVisible(this, t, vm.model().isGraph()
                    || vm.orientationProperty().get() == BuildViewModel.Orientation.VERTICAL, vm.model().isGraph()
                    || vm.orientationProperty().get() == BuildViewModel.Orientation.HORIZONTAL));
        }
    }

    /** After the viewport grew (the summary folded away): back to the top when the selected block is then in view. */
    void scrollHomeIfSelectionFits() {
        int sel = vm.selectedProperty().get();
        Node t = sel == 0 ? inputNode : sel >= 1 && sel <= layerBlocks.size() ? layerBlocks.get(sel - 1) : null;
        if (t != null && t.getBoundsInParent().getMaxY() <= getViewportBounds().getHeight()) {
            setVvalue(0);
        }
    }

    /** Returns the 0-based insertion position for a drop at scene coordinates. */
    int dropPosition(double sceneX, double sceneY) {
        boolean vertical = vm.orientationProperty().get() == BuildViewModel.Orientation.VERTICAL;
        int position = 0;
        for (Node block : layerBlocks) {
            Bounds b = block.localToScene(block.getBoundsInLocal());
            double centre = vertical ? b.getCenterY() : b.getCenterX();
            if ((vertical ? sceneY : sceneX) > centre) {
                position++;
            }
        }
        return position;
    }

    /** Returns (and shows) where a palette layer dropped at scene coordinates goes on a graph; null on a chain. */
    GraphDrop previewDrop(double sceneX, double sceneY) {
        return chain instanceof GraphPane g ? g.preview(sceneX, sceneY) : null;
    }

    /** Drops a palette layer: on a graph where {@link #previewDrop} showed, on a chain at its place in the column. */
    void dropNew(String type, double sceneX, double sceneY) {
        GraphDrop d = previewDrop(sceneX, sceneY);
        if (d == null) {
            vm.insert(type, dropPosition(sceneX, sceneY));
        } else {
            ((GraphPane) chain).showDrop(null);
            d.insert(vm, type);
        }
    }

    private void dragOver(DragEvent e) {
        String s = e.getDragboard().hasString() ? e.getDragboard().getString() : "";
        if (s.startsWith(NEW_PREFIX)) {
            e.acceptTransferModes(TransferMode.COPY);
            previewDrop(e.getSceneX(), e.getSceneY());
        } else if (s.startsWith(MOVE_PREFIX)) {
            e.acceptTransferModes(TransferMode.MOVE);
        }
        e.consume();
    }

    private void dragDropped(DragEvent e) {
        String s = e.getDragboard().hasString() ? e.getDragboard().getString() : "";
        int p = dropPosition(e.getSceneX(), e.getSceneY());
        boolean done = false;
        if (s.startsWith(NEW_PREFIX)) {
            dropNew(s.substring(NEW_PREFIX.length()), e.getSceneX(), e.getSceneY());
            done = true;
        } else if (s.startsWith(MOVE_PREFIX)) {
            int from = Integer.parseInt(s.substring(MOVE_PREFIX.length()));
            vm.move(from, p >= from ? p : p + 1);
            done = true;
        }
        e.setDropCompleted(done);
        e.consume();
        requestFocus();
    }

    /** Fired when the user presses Enter on a block: the screen moves focus to the properties. */
    static final class EditRequest extends javafx.event.Event {
        private static final long serialVersionUID = 1L;
        static final javafx.event.EventType<EditRequest> TYPE = new javafx.event.EventType<>(javafx.event.Event.ANY, "EDIT_REQUEST");

        EditRequest() {
            super(TYPE);
        }
    }
}
