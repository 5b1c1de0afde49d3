package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.stage.Window;
import org.convscope.app.Animations;
import org.convscope.app.TrainedWeights;
import org.convscope.core.image.Raster;
import org.convscope.engine.Engine;
import org.convscope.imaging.ColorMaps;

import org.convscope.imaging.TileRenderer;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.GifExportDialog;
import org.convscope.ui.common.TaskExecutor;

/**
 * The time machine as a GIF: the shown layer's feature maps (for the shown image, page, scaling and colours) or its
 * filters (of the input channel chosen in the dialog) through every checkpoint of the run, one frame per epoch, drawn by {@link Animations}
 * exactly as {@code convscope animate featuremaps|filters} draws them.
 */
final class MapsExport {

    // The text of these controls, kept together to move into a ResourceBundle.

    private MapsExport() {
    }

    /** The button; {@code open} opens the dialog for what the screen shows. */
    static Button gifButton(Runnable open) {
        Button b = new Button(tr("maps.exportGif"));
        b.setId("maps-export-gif");
        b.setTooltip(new Tooltip(tr("maps.exportGif.tooltip")));
        b.setOnAction(e -> open.run());
        return b;
    }

    /**
     * Opens the GIF dialog for the shown layer through the run's checkpoints.
     *
     * @param run the checkpoints, oldest first
     * @param filters true for the layer's filters, false for its maps
     * @param image the shown image, or null to read it from {@code imageName}
     */
    static void open(Window owner, TaskExecutor executor, Supplier<Engine> engine, List<TrainedWeights.Checkpoint> run,
            int layer, int page, boolean filters, Raster image, String imageName, TileRenderer.Normalisation norm,
            ColorMaps colours, Consumer<String> status) {
        try {
            int epochs = run.isEmpty() ? 0 : run.get(run.size() - 1).epoch();
            Animations.Animation frames;
            String what;
            if (filters) {
                ColorMaps c = colours == ColorMaps.DIVERGING ? colours : ColorMaps.GRAY;
                frames = Animations.filters(run, epochs, layer, 0, c); // checks the layer has filters
                int channels = run.get(0).model().filters(layer)[0].channels();
                if (channels > 1) { // the dialog offers the input channel (1, or R, G, B)
                    GifExportDialog.showWithChannels(owner, executor, tr("maps.gif.filtersOf", layer, run.size()),
                            "filters-layer" + layer + "-epochs.gif", ch -> Animations.filters(run, epochs, layer, ch, c),
                            channels, frames.frameCount(), status);
                    return;
                }
                what = tr("maps.gif.filters", layer, run.size());
            } else {
                String name = MapsRender.shortName(imageName);
                frames = Animations.featureMaps(engine.get(), run, epochs, layer,
                        image != null ? image : MapsRender.load(imageName), name, page, norm, colours);
                what = tr("maps.gif.maps", layer, name, run.size());
            }
            GifExportDialog.show(owner, executor, what, (filters ? "filters" : "feature-maps") + "-layer" + layer
                    + "-epochs.gif", frames, status);
        } catch (Exception e) { // the image cannot be read, or the layer has no maps or filters
            status.accept(tr("maps.gif.failed", Dialogs.describe(e)));
        }
    }
}
