package org.convscope.ui.build;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.analysis.SummaryTable;
import org.convscope.core.model.ModelSpec;
import org.convscope.ui.common.ModelSession;

/**
 * State of the Build screen: the current model's summary rows, totals and problem, recomputed
 * whenever the session's model changes.
 */
final class BuildViewModel {

    private final ModelSession session;
    private final ObservableList<LayerInfo> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper(this, "description");
    private final ReadOnlyStringWrapper inputText = new ReadOnlyStringWrapper(this, "inputText");
    private final ReadOnlyStringWrapper totals = new ReadOnlyStringWrapper(this, "totals");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    BuildViewModel(ModelSession session) {
        this.session = session;
        session.modelProperty().addListener((o, old, now) -> refresh(now));
        refresh(session.getModel());
    }

    // Properties

    ObservableList<LayerInfo> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    ReadOnlyStringProperty inputTextProperty() {
        return inputText.getReadOnlyProperty();
    }

    ReadOnlyStringProperty totalsProperty() {
        return totals.getReadOnlyProperty();
    }

    /** Empty when the model can be built; otherwise what is wrong and how to fix it. */
    ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    ReadOnlyStringProperty presetIdProperty() {
        return session.presetIdProperty();
    }

    // Commands

    void usePreset(String id) {
        if (id != null && !id.equals(session.presetIdProperty().get())) {
            session.usePreset(id);
        }
    }

    private void refresh(ModelSpec model) {
        ModelAnalysis analysis = ModelAnalyzer.analyze(model);
        rows.setAll(analysis.layers());
        title.set(model.name());
        description.set(model.description());
        var in = model.input();
        inputText.set("Input: " + in.height() + " x " + in.width() + " x " + in.channels()
                + (in.channels() == 1 ? " (grayscale)" : in.channels() == 3 ? " (RGB)" : ""));
        totals.set("Total params: " + SummaryTable.thousands(analysis.totalParams())
                + "    Trainable: " + SummaryTable.thousands(analysis.trainableParams())
                + "    Non-trainable: " + SummaryTable.thousands(analysis.nonTrainableParams())
                + "    MACs per image: " + SummaryTable.thousands(analysis.totalMacs())
                + "    Weights: " + megabytes(analysis.weightBytes()));
        problem.set(analysis.problem().map(p -> p.describe()).orElse(""));
    }

    private static String megabytes(long bytes) {
        return bytes < 1024 * 1024 ? String.format("%.1f KB", bytes / 1024.0)
                : String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
