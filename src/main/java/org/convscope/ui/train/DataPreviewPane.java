package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.convscope.ui.common.FxImages;

/** The Data tab: 25 random training images with their classes, and the statistics training standardises with. */
final class DataPreviewPane {

    private final ScrollPane scroll;

    /** @param seed the settings' seed field; every click draws another sample from it */
    DataPreviewPane(TrainViewModel vm, TextField seed) {
        Button show = new Button(tr("train.preview"));
        show.setId("train-preview");
        show.setOnAction(e -> {
            long s;
            try {
                s = Long.parseLong(seed.getText().strip());
            } catch (NumberFormatException ex) {
                s = 42;
            }
            vm.previewData(s + System.nanoTime()); // another sample on every click
        });
        Label text = new Label();
        text.setId("train-preview-text");
        text.setWrapText(true);
        text.textProperty().bind(vm.data().previewTextProperty());
        FlowPane grid = new FlowPane(8, 8);
        grid.setId("train-preview-grid");
        vm.data().preview().addListener((ListChangeListener<GalleryItem>) c -> {
            List<Node> nodes = new ArrayList<>();
            for (GalleryItem item : vm.data().preview()) {
                javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(FxImages.of(item.image(), 1));
                view.setSmooth(false);
                view.setFitWidth(item.image().width() * 3.0);
                view.setFitHeight(item.image().height() * 3.0);
                VBox box = new VBox(2, view, new Label(item.truth()));
                box.setAlignment(Pos.TOP_CENTER);
                nodes.add(box);
            }
            grid.getChildren().setAll(nodes);
        });
        VBox box = new VBox(10, show, text, grid);
        box.setPadding(new Insets(8));
        scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
    }

    Node view() {
        return scroll;
    }
}
