package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.convscope.app.Versioned;
import org.convscope.core.conv.Num;
import org.convscope.imaging.FeatureTile;

/**
 * The numbers panel of the Feature maps screen: the values of the clicked tile, tagged with the weights they were
 * computed from, and a heading that names those weights. It follows its map into every new render of the same layer
 * (new weights, another scale) and is emptied, with the reason, when the weights it shows are replaced.
 */
final class NumbersPanel {

    /** The heading before a tile is clicked. */
    /** What the panel says before a tile is clicked, in the language now in use. */
    static String clickATile() {
        return tr("maps.clickTile");
    }

    private final ReadOnlyObjectWrapper<Versioned<FeatureTile>> tile = new ReadOnlyObjectWrapper<>(this, "tile");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", clickATile());
    private int layer; // the clicked tile's layer, followed across renders; 0 when none
    private int channel;
    private boolean filters;

    /** The tile shown with the weights it was computed from; null when none. */
    ReadOnlyObjectProperty<Versioned<FeatureTile>> tileProperty() {
        return tile.getReadOnlyProperty();
    }

    /** Which map, its statistics and its weights; or why nothing is shown. */
    ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Shows a clicked tile of {@code r} and follows that map from now on. */
    void show(MapsRender.Result r, FeatureTile t) {
        layer = r.layer();
        channel = t.channel();
        filters = r.filters();
        set(r, t);
    }

    /** A new render: shows the followed map's new numbers, or empties the panel when the render lacks that map. */
    void follow(MapsRender.Result r) {
        if (layer == 0) {
            return;
        }
        Optional<FeatureTile> same = r.layer() == layer && r.filters() == filters
                ? r.tiles().stream().filter(t -> t.channel() == channel).findFirst() : Optional.empty();
        if (same.isPresent()) {
            set(r, same.get());
        } else {
            clear();
        }
    }

    /**
     * The weights changed: the numbers go at once, and the heading says which weights they came from and why.
     *
     * @param why e.g. {@code The weights changed (now run 2, after epoch 3)}
     * @param again true when they are being computed again (the map is followed into that render)
     */
    void stale(String why, boolean again) {
        Versioned<FeatureTile> was = tile.get();
        if (was == null) {
            return;
        }
        tile.set(null);
        title.set(tr(filters ? "maps.numbers.staleFilter" : "maps.numbers.staleMap", channel + 1, was.weights().label())
                + " " + (again ? tr("maps.numbers.again", why) : why + "."));
    }

    /** Empties the panel and forgets the clicked map. */
    void clear() {
        layer = 0;
        tile.set(null);
        title.set(clickATile());
    }

    private void set(MapsRender.Result r, FeatureTile t) {
        tile.set(new Versioned<>(t, r.weights()));
        title.set(tr(r.filters() ? "maps.numbers.filter" : "maps.numbers.map", t.channel() + 1, Num.format(t.min()),
                Num.format(t.max()), Num.format(t.mean()), r.layer(), r.weights().label()));
    }
}
