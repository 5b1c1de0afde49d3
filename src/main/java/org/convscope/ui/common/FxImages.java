package org.convscope.ui.common;

import static org.convscope.ui.common.I18n.tr;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.FileChooser;
import org.convscope.core.image.Raster;

/** Turns our rasters and pixel arrays into JavaFX images, and the one file filter every "open an image" uses. */
public final class FxImages {

    private FxImages() {
    }

    /**
     * Returns a raster (gray or RGB) as an FX image enlarged {@code scale} times by repeating pixels, so that it stays
     * crisp whatever the rendering pipeline does with {@code ImageView.setSmooth(false)}.
     *
     * @param raster the pixels, 1 or 3 channels
     * @param scale pixels per raster pixel, at least 1
     * @return an image {@code (W * scale) x (H * scale)}
     */
    public static WritableImage of(Raster raster, int scale) {
        WritableImage img = new WritableImage(raster.width() * scale, raster.height() * scale);
        var writer = img.getPixelWriter();
        for (int r = 0; r < raster.height() * scale; r++) {
            for (int c = 0; c < raster.width() * scale; c++) {
                int red = raster.get(r / scale, c / scale, 0);
                int green = raster.channels() >= 3 ? raster.get(r / scale, c / scale, 1) : red;
                int blue = raster.channels() >= 3 ? raster.get(r / scale, c / scale, 2) : red;
                writer.setArgb(c, r, 0xff000000 | red << 16 | green << 8 | blue);
            }
        }
        return img;
    }

    /** Returns {@code w x h} ARGB pixels, row-major, as an FX image. */
    public static WritableImage ofArgb(int[] argb, int w, int h) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }

    /** Returns the file chooser filter for the image formats OpenCV reads here, in lower and upper case. */
    public static FileChooser.ExtensionFilter imageFilter() {
        return new FileChooser.ExtensionFilter(tr("filter.images"),
                "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.tif", "*.tiff", "*.webp", "*.PNG", "*.JPG", "*.JPEG");
    }

    /**
     * Asks for an image file with the image filter.
     *
     * @param owner the window the chooser belongs to
     * @return the chosen file, or empty when the learner cancelled
     */
    public static java.util.Optional<java.nio.file.Path> chooseImage(javafx.stage.Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(tr("chooser.openImage"));
        chooser.getExtensionFilters().add(imageFilter());
        var f = chooser.showOpenDialog(owner);
        return java.util.Optional.ofNullable(f).map(java.io.File::toPath);
    }

    /**
     * Opens the first file dropped anywhere on {@code target} with {@code open} (a stepping screen's "drop an image").
     *
     * @param target the screen's root
     * @param open what to do with the dropped file
     */
    public static void acceptDroppedImage(javafx.scene.Node target, java.util.function.Consumer<java.nio.file.Path> open) {
        target.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragDropped(e -> {
            var files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : java.util.List.<java.io.File>of();
            if (!files.isEmpty()) {
                open.accept(files.get(0).toPath());
            }
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
    }
}
