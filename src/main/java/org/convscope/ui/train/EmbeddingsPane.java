package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import org.convscope.ui.common.FxImages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.convscope.embed.Embedder;
import org.convscope.engine.Engine;
import org.convscope.imaging.ClassPalette;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;

/**
 * The Train screen's Embeddings tab: test images as points placed by PCA or t-SNE of the trained model's last hidden
 * layer, coloured (and shaped) by true class. Hovering a point shows its image with its true and predicted class; a
 * click selects it, a drag draws a lasso; the selected images appear in a gallery below the plot. From the keyboard
 * ({@link PlotCursor}) the arrow keys move a marked point, which shows its image and is read out, and Enter selects it.
 */
final class EmbeddingsPane {

    private static final double PAD = 24;
    private static final double HOVER_PX = 10;
    private static final String UNFOCUSED = "-fx-background-color: white; -fx-border-color: #bbbbbb;";
    private static final String FOCUSED = "-fx-background-color: white; -fx-border-color: #1f6feb; -fx-border-width: 3px;";

    private final EmbeddingsViewModel vm;
    private final PlotCursor cursor;
    private final Canvas canvas = new Canvas();
    private final Pane plotArea = new Pane(canvas);
    private final VBox hoverBox = new VBox(4);
    private final ImageView hoverImage = new ImageView();
    private final Label hoverText = new Label();
    private final FlowPane gallery = new FlowPane(8, 8);
    private final List<Double> lasso = new ArrayList<>();
    private int hovered = -1;
    private double[] view = {0, 0, 1}; // data x, data y at the plot centre, pixels per data unit

    /**
     * @param session holds the trained model (its weights for the current model) and says when they change
     * @param engine runs it
     * @param executor runs the computation
     * @param data reads the test images
     */
    EmbeddingsPane(ModelSession session, Supplier<Engine> engine, TaskExecutor executor,
            EmbeddingsViewModel.TestImages data) {
        this.vm = new EmbeddingsViewModel(session, engine, executor, data);
        this.cursor = new PlotCursor(vm);
    }

    EmbeddingsViewModel viewModel() {
        return vm;
    }

    /** Builds the tab. */
    Tab tab() {
        Tab tab = new Tab(tr("train.embed.tab"), build());
        tab.setId("train-embeddings-tab");
        return tab;
    }

    private Node build() {
        FlowPane controls = controls();
        Label status = new Label();
        status.setId("embed-status");
        status.setWrapText(true);
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        status.textProperty().bind(vm.statusProperty());
        setUpPlot();

        VBox legend = legend();
        gallery.setId("embed-gallery");
        gallery.setPadding(new Insets(4));
        ScrollPane galleryScroll = new ScrollPane(gallery);
        galleryScroll.setFitToWidth(true);
        galleryScroll.setMinHeight(0);
        Label selected = new Label(tr("train.embed.selected"));
        selected.setStyle("-fx-font-weight: bold;");
        VBox side = new VBox(8, legend, selected, galleryScroll);
        VBox.setVgrow(galleryScroll, Priority.ALWAYS);
        side.setPrefWidth(300);
        side.setMinWidth(javafx.scene.layout.Region.USE_COMPUTED_SIZE); // as wide as the legend needs
        HBox plotRow = new HBox(12, plotArea, side);
        HBox.setHgrow(plotArea, Priority.ALWAYS);
        Label hint = new Label(tr("train.embed.hint"));
        hint.getStyleClass().add(Css.SUBTITLE);
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox box = new VBox(8, controls, status, hint, plotRow);
        VBox.setVgrow(plotRow, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        BorderPane root = new BorderPane(box);
        root.setId("train-embeddings");
        return root;
    }

    /** Method (PCA or t-SNE), image count, perplexity, Compute, Cancel, Export and progress, wrapping as needed. */
    private FlowPane controls() {
        ToggleGroup methods = new ToggleGroup();
        ToggleButton pca = new ToggleButton("PCA");
        pca.setId("embed-pca");
        ToggleButton tsne = new ToggleButton(tr("train.embed.tsne"));
        tsne.setId("embed-tsne");
        pca.setToggleGroup(methods);
        tsne.setToggleGroup(methods);
        pca.setSelected(true);
        methods.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one is always chosen
            } else {
                vm.methodProperty().set(b == tsne ? Embedder.Method.TSNE : Embedder.Method.PCA);
            }
        });
        Spinner<Integer> count = new Spinner<>(10, Embedder.MAX_IMAGES, 500, 100);
        count.setId("embed-count");
        count.setEditable(true);
        count.setPrefWidth(110);
        count.valueProperty().addListener((o, a, b) -> vm.countProperty().set(b));
        Spinner<Double> perplexity = new Spinner<>(2.0, 100.0, 30.0, 5.0);
        perplexity.setId("embed-perplexity");
        perplexity.setEditable(true);
        perplexity.setPrefWidth(100);
        perplexity.valueProperty().addListener((o, a, b) -> vm.perplexityProperty().set(b));
        Label perplexityLabel = new Label(tr("train.embed.perplexity"));
        perplexity.disableProperty().bind(tsne.selectedProperty().not());
        perplexityLabel.disableProperty().bind(perplexity.disableProperty());
        Button compute = new Button(tr("train.embed.compute"));
        compute.setId("embed-compute");
        compute.setDefaultButton(false);
        compute.disableProperty().bind(vm.runningProperty());
        compute.setOnAction(e -> vm.compute());
        Button cancel = new Button(tr("train.embed.cancel"));
        cancel.setId("embed-cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Button export = new Button(tr("train.embed.export"));
        export.setId("embed-export");
        export.disableProperty().bind(vm.plotProperty().isNull().or(vm.runningProperty()));
        export.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(tr("train.embed.exportTitle"));
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(tr("train.embed.pngFilter"), "*.png"));
            chooser.setInitialFileName("embeddings.png");
            var f = chooser.showSaveDialog(canvas.getScene().getWindow());
            if (f != null) {
                vm.exportPng(f.toPath());
            }
        });
        ProgressBar bar = new ProgressBar(0);
        bar.setId("embed-progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        FlowPane controls = new FlowPane(10, 8, new HBox(0, pca, tsne), new Label(tr("train.embed.images")), count, perplexityLabel,
                perplexity, compute, cancel, export, bar);
        controls.setAlignment(Pos.CENTER_LEFT);
        for (Node n : controls.getChildren()) {
            if (n instanceof javafx.scene.layout.Region r) {
                r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        pca.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        tsne.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return controls;
    }

    /** The plot: a canvas that follows its area, with hover, click, lasso and Esc. */
    private void setUpPlot() {
        canvas.widthProperty().bind(plotArea.widthProperty());
        canvas.heightProperty().bind(plotArea.heightProperty());
        canvas.widthProperty().addListener(o -> draw());
        canvas.heightProperty().addListener(o -> draw());
        plotArea.setMinSize(200, 200);
        plotArea.setPrefSize(640, 480);
        plotArea.setStyle(UNFOCUSED);
        plotArea.setFocusTraversable(true);
        hoverImage.setSmooth(false);
        hoverText.setStyle("-fx-font-size: 15px;");
        hoverBox.getChildren().addAll(hoverImage, hoverText);
        hoverBox.setPadding(new Insets(6));
        hoverBox.setStyle("-fx-background-color: rgba(255,255,255,0.95); -fx-border-color: #444444;");
        hoverBox.setMouseTransparent(true);
        hoverBox.setVisible(false);
        hoverBox.setManaged(false);
        hoverBox.setId("embed-hover");
        plotArea.getChildren().add(hoverBox);
        canvas.setId("embed-canvas");
        canvas.setOnMouseMoved(this::hover);
        canvas.setOnMouseExited(e -> showHover(-1, 0, 0));
        canvas.setOnMousePressed(e -> {
            plotArea.requestFocus();
            lasso.clear();
            lasso.add(e.getX());
            lasso.add(e.getY());
        });
        canvas.setOnMouseDragged(e -> {
            lasso.add(e.getX());
            lasso.add(e.getY());
            showHover(-1, 0, 0);
            draw();
        });
        canvas.setOnMouseReleased(this::release);
        plotArea.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                vm.select(-1);
            } else if (cursor.key(e.getCode())) {
                e.consume(); // arrows move the point, not the focus
            }
        });
        plotArea.setAccessibleRole(javafx.scene.AccessibleRole.TEXT);
        plotArea.accessibleTextProperty().bind(cursor.spokenProperty());
        plotArea.setAccessibleHelp(tr("train.embed.plotHelp"));
        cursor.pointProperty().addListener((o, a, b) -> showKeyboardPoint());
        plotArea.focusedProperty().addListener((o, a, on) -> {
            plotArea.setStyle(on ? FOCUSED : UNFOCUSED);
            showKeyboardPoint();
        });
        vm.plotProperty().addListener((o, a, b) -> draw());
        vm.selection().addListener((javafx.collections.ListChangeListener<Integer>) c -> {
            draw();
            fillGallery();
        });
    }

    /** The class names with their markers, big enough for a projector. */
    private VBox legend() {
        VBox legend = new VBox(6);
        legend.setId("embed-legend");
        legend.setPadding(new Insets(4, 8, 4, 4));
        legend.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "airpla..."
        legend.setStyle("-fx-font-size: 16px;");
        Runnable fill = () -> {
            legend.getChildren().clear();
            var p = vm.plotProperty().get();
            List<String> names = p != null ? p.classNames() : org.convscope.data.CifarImages.STANDARD_CLASS_NAMES;
            javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
            grid.setHgap(14);
            grid.setVgap(4);
            for (int k = 0; k < names.size(); k++) {
                Canvas mark = new Canvas(22, 22);
                marker(mark.getGraphicsContext2D(), k, 11, 11, 8);
                Label l = new Label(names.get(k));
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                l.setId("embed-legend-" + k);
                HBox row = new HBox(8, mark, l);
                row.setAlignment(Pos.CENTER_LEFT);
                grid.add(row, k % 2, k / 2); // two columns: the gallery below gets the height
            }
            legend.getChildren().add(grid);
        };
        fill.run();
        vm.plotProperty().addListener((o, a, b) -> fill.run());
        return legend;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        var p = vm.plotProperty().get();
        if (p == null || w < 2 * PAD || h < 2 * PAD) {
            g.setFill(Color.gray(0.45));
            g.setFont(javafx.scene.text.Font.font(18));
            g.fillText(vm.runningProperty().get() ? tr("train.embed.computing") : tr("train.embed.noPlot"), PAD, PAD + 20);
            return;
        }
        double[][] pts = p.embedding().points();
        double[] b = org.convscope.imaging.ScatterPlot.bounds(pts); // as the exported plot, and the keyboard's start
        double spanX = Math.max(b[2] - b[0], 1e-12);
        double spanY = Math.max(b[3] - b[1], 1e-12);
        double scale = Math.min((w - 2 * PAD) / spanX, (h - 2 * PAD) / spanY);
        view = new double[] {(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, scale};
        double r = pts.length > 1000 ? 4 : 5;
        for (int i = 0; i < pts.length; i++) {
            marker(g, p.embedding().labels()[i], px(pts[i][0]), py(pts[i][1]), r);
        }
        g.setStroke(Color.BLACK);
        g.setLineWidth(2.5);
        for (int i : vm.selection()) {
            g.strokeOval(px(pts[i][0]) - r - 4, py(pts[i][1]) - r - 4, 2 * r + 8, 2 * r + 8);
        }
        int kb = cursor.pointProperty().get();
        if (kb >= 0 && kb < pts.length && plotArea.isFocused()) { // the keyboard point: black and yellow, seen on any colour
            double s = r + 8;
            g.setLineDashes();
            g.setStroke(Color.BLACK);
            g.setLineWidth(5);
            g.strokeRect(px(pts[kb][0]) - s, py(pts[kb][1]) - s, 2 * s, 2 * s);
            g.setStroke(Color.YELLOW);
            g.setLineWidth(2);
            g.strokeRect(px(pts[kb][0]) - s, py(pts[kb][1]) - s, 2 * s, 2 * s);
        }
        if (lasso.size() >= 4) {
            g.setStroke(Color.rgb(0, 0, 0, 0.8));
            g.setLineWidth(1.5);
            g.setLineDashes(6, 4);
            g.beginPath();
            g.moveTo(lasso.get(0), lasso.get(1));
            for (int k = 2; k < lasso.size(); k += 2) {
                g.lineTo(lasso.get(k), lasso.get(k + 1));
            }
            g.closePath();
            g.stroke();
            g.setLineDashes();
        }
    }

    private double px(double x) {
        return canvas.getWidth() / 2 + (x - view[0]) * view[2];
    }

    private double py(double y) {
        return canvas.getHeight() / 2 - (y - view[1]) * view[2];
    }

    private double dataX(double px) {
        return view[0] + (px - canvas.getWidth() / 2) / view[2];
    }

    private double dataY(double py) {
        return view[1] - (py - canvas.getHeight() / 2) / view[2];
    }

    private void hover(MouseEvent e) {
        if (vm.plotProperty().get() == null) {
            return;
        }
        int i = vm.nearest(dataX(e.getX()), dataY(e.getY()), HOVER_PX / view[2]);
        showHover(i, e.getX(), e.getY());
    }

    private void showHover(int i, double x, double y) {
        hovered = i;
        var p = vm.plotProperty().get();
        if (i < 0 || p == null) {
            hoverBox.setVisible(false);
            return;
        }
        hoverImage.setImage(FxImages.of(p.images().image(i), 4));
        hoverText.setText(tr("train.embed.testImage", i + 1) + "\n" + p.caption(i));
        hoverBox.autosize();
        double bw = hoverBox.getWidth();
        double bh = hoverBox.getHeight();
        double bx = x + 16 + bw > canvas.getWidth() ? x - 16 - bw : x + 16;
        double by = Math.min(Math.max(0, y - bh / 2), Math.max(0, canvas.getHeight() - bh));
        hoverBox.relocate(bx, by);
        hoverBox.setVisible(true);
    }

    /** Hovered point index, or -1 (for tests). */
    int hovered() {
        return hovered;
    }

    /** Draws the keyboard point's mark and shows its image beside it, while the plot has the keyboard. */
    private void showKeyboardPoint() {
        draw();
        var p = vm.plotProperty().get();
        int k = cursor.pointProperty().get();
        if (p != null && k >= 0 && k < p.embedding().size() && plotArea.isFocused()) {
            double[] q = p.embedding().points()[k];
            showHover(k, px(q[0]), py(q[1]));
        } else if (hovered >= 0 && hovered == k) {
            showHover(-1, 0, 0);
        }
    }

    /** The keyboard point (for tests). */
    PlotCursor cursor() {
        return cursor;
    }

    /** Where point {@code i} is drawn on the canvas, {@code {x, y}} in pixels (for tests). */
    double[] onCanvas(int i) {
        double[] q = vm.plotProperty().get().embedding().points()[i];
        return new double[] {px(q[0]), py(q[1])};
    }

    private void release(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || vm.plotProperty().get() == null) {
            lasso.clear();
            return;
        }
        double travelled = 0;
        for (int k = 2; k < lasso.size(); k += 2) {
            travelled += Math.hypot(lasso.get(k) - lasso.get(k - 2), lasso.get(k + 1) - lasso.get(k - 1));
        }
        if (lasso.size() >= 6 && travelled > 20) {
            double[] polygon = new double[lasso.size()];
            for (int k = 0; k < lasso.size(); k += 2) {
                polygon[k] = dataX(lasso.get(k));
                polygon[k + 1] = dataY(lasso.get(k + 1));
            }
            vm.selectInside(polygon);
        } else {
            vm.select(vm.nearest(dataX(e.getX()), dataY(e.getY()), HOVER_PX / view[2]));
        }
        lasso.clear();
        draw();
    }

    private void fillGallery() {
        var p = vm.plotProperty().get();
        List<Node> tiles = new ArrayList<>();
        if (p != null) {
            int shown = 0;
            for (int i : vm.selection()) {
                if (shown++ == 200) {
                    tiles.add(new Label(tr("train.embed.more", vm.selection().size() - 200)));
                    break;
                }
                ImageView v = new ImageView(FxImages.of(p.images().image(i), 2));
                v.setSmooth(false);
                int truth = p.embedding().labels()[i];
                int predicted = p.embedding().predicted()[i];
                Label caption = new Label(truth == predicted ? p.classNames().get(truth)
                        : p.classNames().get(predicted) + "\n(" + p.classNames().get(truth) + ")");
                caption.setWrapText(true);
                caption.setMaxWidth(80);
                if (truth != predicted) {
                    caption.getStyleClass().add(Css.PROBLEM);
                }
                VBox tile = new VBox(2, v, caption);
                tile.setAlignment(Pos.TOP_CENTER);
                tiles.add(tile);
            }
        }
        gallery.getChildren().setAll(tiles);
    }

    /** Draws class {@code k}'s marker (colour and shape) centred at {@code (x, y)}. */
    private static void marker(GraphicsContext g, int k, double x, double y, double r) {
        int argb = ClassPalette.colour(k);
        g.setFill(Color.rgb(argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff));
        g.setStroke(Color.gray(0.15));
        g.setLineWidth(1);
        double[] poly = ClassPalette.polygon(ClassPalette.shape(k), x, y, r);
        if (poly == null) {
            g.fillOval(x - r, y - r, 2 * r, 2 * r);
            g.strokeOval(x - r, y - r, 2 * r, 2 * r);
            return;
        }
        double[] xs = new double[poly.length / 2];
        double[] ys = new double[poly.length / 2];
        for (int c = 0; c < xs.length; c++) {
            xs[c] = poly[2 * c];
            ys[c] = poly[2 * c + 1];
        }
        g.fillPolygon(xs, ys, xs.length);
        g.strokePolygon(xs, ys, xs.length);
    }
}
