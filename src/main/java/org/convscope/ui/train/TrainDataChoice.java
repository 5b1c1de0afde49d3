package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.function.Supplier;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Tooltip;
import javafx.stage.Window;

/**
 * The Data choice of the Train screen: the bundled sample, a CIFAR-10 folder or archive, a folder of your own images
 * (one subfolder per class), or the CIFAR-10 download. Choosing one updates what the status says will be trained on.
 */
final class TrainDataChoice {

    private final String SAMPLE = tr("train.source.sample");
    private final String FOLDER = tr("train.source.folder");
    private final String ARCHIVE = tr("train.source.archive");
    private final String IMAGES = tr("train.source.images");
    private final String DOWNLOAD = tr("train.source.download");

    private final ChoiceBox<String> choice = new ChoiceBox<>();

    /**
     * @param images the training-images choice, raised to all when a full data set is chosen
     */
    TrainDataChoice(TrainViewModel vm, ChoiceBox<Integer> images, Supplier<Window> window) {
        choice.setId("train-data");
        choice.getItems().addAll(SAMPLE, FOLDER, ARCHIVE, IMAGES, DOWNLOAD);
        choice.setValue(SAMPLE);
        choice.setTooltip(new Tooltip(tr("train.source.tip")));
        choice.disableProperty().bind(vm.runningProperty());
        choice.setOnAction(e -> {
            String v = choice.getValue();
            if (DOWNLOAD.equals(v)) {
                vm.download(); // sets the data when it is done; the description says what is in use
                return;
            }
            java.io.File chosen = choose(v, window.get());
            if (chosen == null && !SAMPLE.equals(v)) {
                choice.setValue(SAMPLE); // cancelled: back to the sample (runs setData(null) below)
                return;
            }
            vm.data().setData(chosen == null ? null : chosen.toPath());
            if (chosen != null && images.getValue() <= 2000) {
                images.setValue(50_000);
            }
        });
    }

    /** The choice box. */
    ChoiceBox<String> view() {
        return choice;
    }

    private java.io.File choose(String item, Window owner) {
        if (FOLDER.equals(item) || IMAGES.equals(item)) {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle(FOLDER.equals(item) ? tr("train.source.folder.title") : tr("train.source.images.title"));
            return chooser.showDialog(owner);
        }
        if (ARCHIVE.equals(item)) {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(tr("train.source.archive.title"));
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(tr("filter.cifar"), "*.tar.gz", "*.tgz"));
            return chooser.showOpenDialog(owner);
        }
        return null;
    }
}
