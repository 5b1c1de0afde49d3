package org.convscope.ui.canvas;

import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import static org.convscope.ui.common.I18n.tr;

import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.edit.Fix;
import org.convscope.core.edit.Fixes;
import org.convscope.core.edit.GraphEdits;
import org.convscope.core.edit.LayerSpecs;
import org.convscope.core.edit.ModelEdit;
import org.convscope.core.edit.ModelEdits;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelGraph;
import org.convscope.core.model.ModelSpec;
import org.convscope.ui.common.ModelSession;

/**
 * State and commands of the Build screen: the model's analysis, the selected block, and every edit
 * the canvas, palette and property form make.
 *
 * <p>Selection: {@code 0} is the input block, {@code i >= 1} the i-th layer, {@code -1} nothing.
 */
final class BuildViewModel {

    /** Block orientation of the canvas. */
    enum Orientation { VERTICAL, HORIZONTAL }

    private final ModelSession session;
    private List<String> names = List.of();
    private final ReadOnlyObjectWrapper<ModelAnalysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
    private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(this, "selected", 1);
    /** The block marked to be joined with the selected one (Ctrl+click), {@code -1} for none. */
    private final ReadOnlyIntegerWrapper marked = new ReadOnlyIntegerWrapper(this, "marked", -1);
    /** Asks which input a deleted join's consumers keep: given the inputs' names, the index or empty to cancel. */
    private java.util.function.Function<List<String>, java.util.Optional<Integer>> joinChooser =
            names -> java.util.Optional.empty();
    private final ReadOnlyObjectWrapper<Orientation> orientation =
            new ReadOnlyObjectWrapper<>(this, "orientation", Orientation.VERTICAL);

    BuildViewModel(ModelSession session) {
        this.session = session;
        session.modelProperty().addListener((o, old, now) -> refresh(now));
        refresh(session.getModel());
    }

    // Properties

    ReadOnlyObjectProperty<ModelAnalysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    ModelAnalysis analysis() {
        return analysis.get();
    }

    ReadOnlyIntegerProperty selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    ReadOnlyIntegerProperty markedProperty() {
        return marked.getReadOnlyProperty();
    }

    /** Sets what asks the user which input to keep when a join of parallel branches is deleted. */
    void setJoinChooser(java.util.function.Function<List<String>, java.util.Optional<Integer>> chooser) {
        joinChooser = chooser;
    }

    ReadOnlyObjectProperty<Orientation> orientationProperty() {
        return orientation.getReadOnlyProperty();
    }

    ModelSession session() {
        return session;
    }

    /** Returns the fixes for the model's first problem (empty when valid). */
    List<Fix> fixes() {
        return Fixes.forProblem(analysis.get());
    }

    /** Returns the name of layer {@code i} (1-based), as Keras would name it. */
    String layerName(int i) {
        return names.get(i - 1);
    }

    ModelSpec model() {
        return session.getModel();
    }

    // Commands

    void select(int index) {
        selected.set(Math.max(-1, Math.min(index, model().layers().size())));
    }

    void selectNext() {
        select(Math.min(selected.get() + 1, model().layers().size()));
    }

    void selectPrevious() {
        select(Math.max(selected.get() - 1, 0));
    }

    void setOrientation(Orientation o) {
        orientation.set(o);
    }

    /** Adds a layer after the selected block (at the end when nothing is selected) and selects it. */
    void add(String type) {
        int at = selected.get() < 0 ? model().layers().size() : selected.get();
        insert(type, at);
    }

    /** Appends a layer at the end and selects it. */
    void append(String type) {
        insert(type, model().layers().size());
    }

    /**
     * Inserts a new layer at a 0-based position and selects it.
     *
     * @param type a palette type
     * @param position 0..number of layers
     */
    void insert(String type, int position) {
        if (session.apply(ModelEdits.insert(position, LayerSpecs.create(type)))) {
            select(position + 1);
        }
    }

    /**
     * Inserts a new layer on the connection from block {@code from} to block {@code to} (0 the input, i the i-th
     * layer): between them, every other connection kept. Selects it.
     *
     * @param type a palette type
     * @param from the connection's source block
     * @param to the block that takes it
     */
    void insertOnEdge(String type, int from, int to) {
        LayerSpec layer = LayerSpecs.create(type);
        if (to >= 1 && to <= model().layers().size() && session.apply(GraphEdits.insertOnEdge(from - 1, to - 1,
                layer, tr("canvas.undo.insertOnEdge", layer.type(), blockName(from), blockName(to))))) {
            select(to);
        }
    }

    /**
     * Inserts a new layer after block {@code after} (0 the input): it takes that block's output and feeds every
     * layer that took it. Selects it.
     *
     * @param type a palette type
     * @param after the block
     */
    void insertAfter(String type, int after) {
        LayerSpec layer = LayerSpecs.create(type);
        if (after >= 0 && after <= model().layers().size() && session.apply(GraphEdits.insertAfter(after - 1, layer,
                tr("canvas.undo.insertAfter", layer.type(), blockName(after))))) {
            select(after + 1);
        }
    }

    /** Moves layer {@code from} (1-based) so that it ends up at 1-based position {@code to}. */
    void move(int from, int to) {
        int n = model().layers().size();
        if (from < 1 || from > n || to < 1 || to > n || from == to) {
            return;
        }
        if (session.apply(ModelEdits.move(from - 1, to - 1, layerName(from)))) {
            select(to);
        }
    }

    /** Marks block {@code i} (0 the input) to be joined with the selected one, or clears the mark if it was set. */
    void toggleMark(int i) {
        marked.set(marked.get() == i || i < 0 || i > model().layers().size() ? -1 : i);
    }

    /**
     * Adds a new layer fed by the selected block, as a branch beside the main path, and selects it.
     *
     * @param type a palette type
     */
    void addBranch(String type) {
        int i = selected.get();
        if (i >= 0 && i <= model().layers().size()) {
            if (session.apply(GraphEdits.branch(i - 1, LayerSpecs.create(type), i == 0 ? ModelGraph.INPUT : layerName(i)))) {
                select(i + 1);
            }
        }
    }

    /** Returns true when a join can be made: a marked block and another selected one. */
    boolean canJoin() {
        int a = marked.get();
        int b = selected.get();
        return a >= 0 && b >= 0 && a != b && a <= model().layers().size() && b <= model().layers().size();
    }

    /**
     * Joins the marked and the selected block with a new Add or Concatenate and selects it.
     *
     * @param concatenate Concatenate (stack channels) rather than Add (sum)
     */
    void join(boolean concatenate) {
        if (!canJoin()) {
            return;
        }
        int a = marked.get();
        int b = selected.get();
        LayerSpec layer = concatenate ? new LayerSpec.Concatenate(null) : new LayerSpec.Add(null);
        String what = tr("canvas.undo.join", layer.type(), blockName(a), blockName(b));
        int at = GraphEdits.joinPosition(model(), a - 1, b - 1);
        if (session.apply(GraphEdits.join(a - 1, b - 1, layer, what))) {
            marked.set(-1);
            select(at + 1);
        }
    }

    private String blockName(int i) {
        return i == 0 ? ModelGraph.INPUT : layerName(i);
    }

    void deleteSelected() {
        int i = selected.get();
        if (i >= 1 && i <= model().layers().size() && model().layers().get(i - 1).join()
                && ModelGraph.of(model()).inputsOf(i - 1).size() > 1) {
            deleteJoin(i);
        } else if (i >= 1 && i <= model().layers().size()) {
            session.apply(ModelEdits.remove(i - 1, layerName(i)));
            select(Math.min(i, model().layers().size()));
        }
    }

    /** Deletes join {@code i} (1-based): keeps a residual's main path, or asks which input its consumers take. */
    private void deleteJoin(int i) {
        java.util.Optional<Integer> keep = GraphEdits.keptInput(model(), i - 1);
        if (keep.isEmpty()) {
            keep = joinChooser.apply(ModelGraph.of(model()).inputNamesOf(i - 1));
        }
        if (keep.isPresent() && session.apply(GraphEdits.removeJoin(i - 1, keep.get(), layerName(i)))) {
            select(Math.min(i, model().layers().size()));
        }
    }

    void duplicateSelected() {
        int i = selected.get();
        if (i >= 1 && i <= model().layers().size()) {
            if (session.apply(ModelEdits.duplicate(i - 1, layerName(i)))) {
                select(i + 1);
            }
        }
    }

    /**
     * Replaces layer {@code i} (1-based) after a property edit.
     *
     * @param i the layer
     * @param spec its new value
     * @param property the property name, e.g. {@code filters}
     * @param value the new value as text, for the Undo menu
     */
    void setLayer(int i, LayerSpec spec, String property, String value) {
        session.apply(ModelEdits.replace(i - 1, spec, tr("canvas.undo.set", property, layerName(i), value),
                i + ":" + property));
    }

    void setInput(InputSpec input, String property, String value) {
        session.apply(ModelEdits.setInput(input, tr("canvas.undo.setInput", property, value), "input:" + property));
    }

    void applyFix(Fix fix) {
        ModelEdit edit = fix.edit();
        session.apply(edit);
    }

    void usePreset(String id) {
        session.usePreset(id);
        select(1);
    }

    private void refresh(ModelSpec model) {
        ModelAnalysis before = analysis.get();
        ModelAnalysis now = ModelAnalyzer.analyze(model);
        names = ModelAnalyzer.layerNames(model);
        analysis.set(now);
        if (selected.get() > model.layers().size()) {
            selected.set(model.layers().size());
        }
        if (marked.get() > model.layers().size()) {
            marked.set(-1);
        }
        // A new problem (say, in an opened file) is shown to the user: select the faulty block.
        int problemAt = now.problem().map(p -> p.layerIndex()).orElse(-1);
        int problemBefore = before == null ? -1 : before.problem().map(p -> p.layerIndex()).orElse(-1);
        if (problemAt >= 0 && problemAt != problemBefore) {
            selected.set(problemAt);
        }
    }
}
