package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.input.KeyCode;

/**
 * The Embeddings plot's keyboard point: the point a keyboard user is on, moved by the arrow keys (to the nearest point
 * in that direction, {@link PointSteps}), Page Down / Page Up (the next / previous test image), Home / End (the first /
 * last); Enter or Space selects it, as a click does. What a screen reader says of it ("Test image 13 of 500: true
 * class cat, predicted dog, wrong") is {@link #spokenProperty}; the plot draws a mark around it and shows its image.
 */
final class PlotCursor {

    private final EmbeddingsViewModel vm;
    private final IntegerProperty point = new SimpleIntegerProperty(-1);
    private final StringProperty spoken = new SimpleStringProperty(tr("train.embed.noPlot"));

    PlotCursor(EmbeddingsViewModel vm) {
        this.vm = vm;
        vm.plotProperty().addListener((o, a, b) -> {
            point.set(-1);
            spoken.set(describe(-1));
        });
        point.addListener((o, a, b) -> spoken.set(describe(b.intValue())));
    }

    /** The keyboard point's index, or -1 before a key has chosen one (and after a new plot). */
    IntegerProperty pointProperty() {
        return point;
    }

    /** The keyboard point read out, or what the plot holds when there is none. */
    ReadOnlyStringProperty spokenProperty() {
        return spoken;
    }

    /**
     * Handles a key pressed on the plot.
     *
     * @return true when the key moved or selected the point (the event is then used up)
     */
    boolean key(KeyCode code) {
        var p = vm.plotProperty().get();
        if (p == null || p.embedding().size() == 0) {
            return false;
        }
        double[][] pts = p.embedding().points();
        int n = pts.length;
        int now = point.get();
        int from = now >= 0 && now < n ? now : PointSteps.start(pts);
        int next = switch (code) {
            case LEFT, KP_LEFT -> now < 0 ? from : PointSteps.step(pts, from, -1, 0);
            case RIGHT, KP_RIGHT -> now < 0 ? from : PointSteps.step(pts, from, 1, 0);
            case UP, KP_UP -> now < 0 ? from : PointSteps.step(pts, from, 0, 1);
            case DOWN, KP_DOWN -> now < 0 ? from : PointSteps.step(pts, from, 0, -1);
            case PAGE_DOWN -> now < 0 ? 0 : Math.min(n - 1, now + 1);
            case PAGE_UP -> now < 0 ? 0 : Math.max(0, now - 1);
            case HOME -> 0;
            case END -> n - 1;
            case ENTER, SPACE -> {
                vm.select(from);
                yield from;
            }
            default -> -2;
        };
        if (next == -2) {
            return false;
        }
        point.set(next);
        return true;
    }

    /** "Test image 13 of 500: true class cat, predicted dog, wrong" for point 12; the plot's state for -1. */
    String describe(int i) {
        var p = vm.plotProperty().get();
        if (p == null) {
            return tr("train.embed.noPlot");
        }
        if (i < 0 || i >= p.embedding().size()) {
            return tr("train.embed.plotHelp");
        }
        int truth = p.embedding().labels()[i];
        int predicted = p.embedding().predicted()[i];
        return tr(truth == predicted ? "train.embed.pointRight" : "train.embed.pointWrong", i + 1,
                p.embedding().size(), p.classNames().get(truth), p.classNames().get(predicted));
    }
}
