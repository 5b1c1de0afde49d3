package org.convscope.ui.common;

import static org.convscope.ui.common.I18n.tr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import javafx.stage.FileChooser;
import org.convscope.io.ChartSvg;

/**
 * "Save as PNG" (1x, 2x, 3x) and, for charts, "Save as SVG" on a view's context menu: the PNG is a JavaFX snapshot of
 * the view drawn with a scale transform (so 2x and 3x are drawn sharp, not enlarged pixels), the SVG is written from
 * the chart's series ({@link ChartSvg}); both are written atomically.
 */
public final class FigureExport {


    /** Asks for the file to write: the system's save dialog, unless {@link #chooseFilesWith} replaced it. */
    private static volatile java.util.function.BiFunction<Node, String, java.util.Optional<Path>> chooser;

    private FigureExport() {
    }

    /**
     * Replaces the save dialog the menus open (headless tests, scripted exports): {@code choose} gets the view and the
     * suggested file name and gives the file to write, or empty to write nothing; null brings the dialog back.
     */
    public static void chooseFilesWith(java.util.function.BiFunction<Node, String, java.util.Optional<Path>> choose) {
        chooser = choose;
    }

    /**
     * Adds the Save as PNG items to a view's context menu (a menu of its own when it has none).
     *
     * @param view the view to draw
     * @param fileName the suggested file name without extension, e.g. {@code input-matrix}
     * @param status receives "Saved ..." or why not
     * @return the menu, to add more items to
     */
    public static ContextMenu install(Node view, String fileName, Consumer<String> status) {
        ContextMenu menu = new ContextMenu();
        for (int s = 1; s <= 3; s++) {
            int scale = s;
            MenuItem png = new MenuItem(tr("figure.savePng", scale));
            png.setId("save-png-" + scale);
            png.setOnAction(e -> choose(view, fileName + (scale > 1 ? "@" + scale + "x" : "") + ".png", tr("figure.pngFilter"), "*.png")
                    .ifPresent(f -> save(f, status, () -> writePng(view, scale, f))));
            menu.getItems().add(png);
        }
        view.setOnContextMenuRequested(e -> {
            menu.show(view, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        return menu;
    }

    /**
     * Adds Save as PNG and Save as SVG to a chart's context menu.
     *
     * @param chart the chart
     * @param fileName the suggested file name without extension
     * @param status receives "Saved ..." or why not
     */
    public static void installChart(XYChart<Number, Number> chart, String fileName, Consumer<String> status) {
        ContextMenu menu = install(chart, fileName, status);
        MenuItem svg = new MenuItem(tr("figure.saveSvg"));
        svg.setId("save-svg");
        svg.setOnAction(e -> choose(chart, fileName + ".svg", tr("figure.svgFilter"), "*.svg").ifPresent(f -> save(f, status,
                () -> writeSvg(chart, f))));
        menu.getItems().addAll(new SeparatorMenuItem(), svg);
    }

    /**
     * Draws a view at {@code scale} times its size, on white.
     *
     * @param view the view, in a scene
     * @param scale 1, 2 or 3
     * @return the picture, {@code scale} times the view's size
     */
    public static BufferedImage snapshot(Node view, int scale) {
        if (scale < 1 || scale > 3) {
            throw new IllegalArgumentException(tr("figure.badScale", scale));
        }
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(Transform.scale(scale, scale));
        p.setFill(Color.WHITE);
        WritableImage shot = view.snapshot(p, null);
        int w = (int) shot.getWidth();
        int h = (int) shot.getHeight();
        int[] argb = new int[w * h];
        shot.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, argb, 0, w);
        return img;
    }

    /** Writes {@link #snapshot} as PNG, atomically; returns its size in bytes. */
    public static long writePng(Node view, int scale, Path file) throws IOException {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        if (!javax.imageio.ImageIO.write(snapshot(view, scale), "png", png)) {
            throw new IOException(tr("figure.noPngWriter"));
        }
        org.convscope.io.AtomicFiles.write(file, png.toByteArray());
        return png.size();
    }

    /** The chart's series as {@link ChartSvg} takes them, in order; a series without points is left out. */
    public static List<ChartSvg.Series> series(XYChart<Number, Number> chart) {
        List<ChartSvg.Series> out = new ArrayList<>();
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            int n = s.getData().size();
            if (n == 0) {
                continue;
            }
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = s.getData().get(i).getXValue().doubleValue();
                y[i] = s.getData().get(i).getYValue().doubleValue();
            }
            out.add(new ChartSvg.Series(s.getName() == null ? "" : s.getName(), x, y));
        }
        return out;
    }

    /** Writes the chart as SVG from its series (title and axis names included), atomically. */
    public static void writeSvg(XYChart<Number, Number> chart, Path file) throws IOException {
        String title = chart.getTitle() == null ? "" : chart.getTitle();
        String x = chart.getXAxis().getLabel() == null ? "" : chart.getXAxis().getLabel();
        String y = chart.getYAxis().getLabel() == null ? "" : chart.getYAxis().getLabel();
        ChartSvg.write(file, title, x, y, series(chart));
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private static void save(Path file, Consumer<String> status, Write write) {
        try {
            write.run();
            status.accept(tr("figure.saved", file));
        } catch (IOException | IllegalArgumentException e) {
            status.accept(tr("figure.failed", file.getFileName(), Dialogs.describe(e)));
        }
    }

    private static java.util.Optional<Path> choose(Node view, String fileName, String filter, String pattern) {
        var replaced = FigureExport.chooser;
        if (replaced != null) {
            return replaced.apply(view, fileName);
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(fileName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(filter, pattern));
        chooser.setInitialFileName(fileName);
        var f = chooser.showSaveDialog(view.getScene() == null ? null : view.getScene().getWindow());
        return java.util.Optional.ofNullable(f).map(java.io.File::toPath);
    }
}
