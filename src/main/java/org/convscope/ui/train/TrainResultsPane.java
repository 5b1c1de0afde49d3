package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.FxImages;

/**
 * The Test results tab: Predict / Why? at the top, the confusion matrix, and a gallery of test images with their
 * predictions in one scrolling column; the matrix's context menu saves it as PNG (1x, 2x, 3x). Choosing a matrix cell outlines it and scrolls its gallery into view; an
 * image of the gallery is predicted and explained with Grad-CAM at the top.
 */
final class TrainResultsPane {

    private final TrainViewModel vm;
    private final ConfusionMatrixView matrix;
    private final Label title = new Label();
    private final FlowPane grid = new FlowPane(8, 8);
    private final ScrollPane scroll;

    TrainResultsPane(TrainViewModel vm, Supplier<Window> window) {
        this.vm = vm;
        TestResultsViewModel results = vm.results();
        matrix = new ConfusionMatrixView(this::showCell);
        results.reportProperty().addListener((o, a, r) -> matrix.show(r == null ? null : r.evaluation()));
        results.selectedCellProperty().addListener((o, a, cell) -> matrix.highlight(cell));
        title.setId("train-gallery-title");
        title.setWrapText(true);
        title.textProperty().bind(results.galleryTitleProperty());
        Button first = new Button(tr("train.gallery.first"));
        first.setId("train-gallery-first");
        first.setOnAction(e -> results.showFirstImages());
        first.visibleProperty().bind(results.reportProperty().isNotNull());
        first.managedProperty().bind(first.visibleProperty());
        grid.setId("train-gallery");
        results.gallery().addListener((ListChangeListener<GalleryItem>) c -> fillGallery());
        Label saved = new Label(); // what Save as PNG on the matrix's context menu wrote, or why not
        saved.setId("confusion-export-status");
        saved.setWrapText(true);
        saved.managedProperty().bind(saved.textProperty().isNotEmpty());
        org.convscope.ui.common.FigureExport.install(matrix, "confusion-matrix", saved::setText);
        VBox box = new VBox(12, new PredictPane(vm.predictions(), vm::evaluate, vm.runningProperty(), window).view(),
                matrix, saved, title, first, grid);
        box.setPadding(new Insets(8));
        scroll = new ScrollPane(box);
        scroll.setId("train-results-scroll");
        scroll.setFitToWidth(true);
        acceptDroppedImages();
    }

    /** The tab's content. */
    Node view() {
        return scroll;
    }

    /** The matrix, for tests in this package. */
    ConfusionMatrixView matrix() {
        return matrix;
    }

    /** Shows a cell's images and scrolls so that the gallery's title is at the top. */
    private void showCell(int truth, int predicted) {
        vm.results().showCell(truth, predicted);
        scroll.layout();
        Node content = scroll.getContent();
        Bounds inContent = content.sceneToLocal(title.localToScene(title.getBoundsInLocal()));
        double free = content.getLayoutBounds().getHeight() - scroll.getViewportBounds().getHeight();
        if (inContent != null && free > 0) {
            scroll.setVvalue(Math.min(1, Math.max(0, inContent.getMinY() / free)));
        }
    }

    private void fillGallery() {
        List<Node> nodes = new ArrayList<>();
        for (GalleryItem item : vm.results().gallery()) {
            Node tile = galleryTile(item);
            tile.setFocusTraversable(true);
            tile.setOnMouseClicked(e -> explainTestImage(item));
            tile.setOnKeyPressed(e -> {
                if (e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
                    explainTestImage(item);
                    e.consume();
                }
            });
            nodes.add(tile);
        }
        grid.getChildren().setAll(nodes);
    }

    /** Classifies a test image from the gallery and shows Grad-CAM for it at the top of the results. */
    private void explainTestImage(GalleryItem item) {
        vm.predictions().predict(item.image(), tr("train.gallery.testImage", item.index() + 1, item.truth()),
                PredictionViewModel.Method.GRAD_CAM);
        scroll.setVvalue(0);
    }

    /** Drop an image anywhere on the results to classify it. */
    private void acceptDroppedImages() {
        scroll.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            }
            e.consume();
        });
        scroll.setOnDragDropped(e -> {
            var files = e.getDragboard().getFiles();
            if (!files.isEmpty()) {
                vm.predictions().predict(files.get(0).toPath());
            }
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
    }

    /** A test image, enlarged 3x with crisp pixels, captioned "predicted (true)" in red when wrong. */
    static Node galleryTile(GalleryItem item) {
        var raster = item.image();
        javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(FxImages.of(raster, 1));
        view.setSmooth(false);
        view.setFitWidth(raster.width() * 3.0);
        view.setFitHeight(raster.height() * 3.0);
        Label caption = new Label(item.right() ? item.predicted() : item.predicted() + "\n(" + item.truth() + ")");
        caption.setWrapText(true);
        caption.setMaxWidth(raster.width() * 3.0 + 10);
        if (!item.right()) {
            caption.getStyleClass().add(Css.PROBLEM);
        }
        String spoken = tr(item.right() ? "a11y.gallery.right" : "a11y.gallery.wrong", item.index() + 1, item.truth(),
                item.predicted());
        VBox box = new VBox(2, view, caption);
        box.setAlignment(Pos.TOP_CENTER);
        box.getStyleClass().add(item.right() ? "gallery-right" : "gallery-wrong");
        box.setAccessibleText(spoken); // right or wrong in words, not only by the caption's colour
        box.setAccessibleRole(javafx.scene.AccessibleRole.BUTTON); // Enter predicts it
        Tooltip.install(box, new Tooltip(tr("train.gallery.tooltip", item.index() + 1, item.truth(), item.predicted(),
                String.format(Locale.ROOT, "%.0f", 100 * item.confidence()))));
        return box;
    }
}
