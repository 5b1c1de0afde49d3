package org.convscope.ui.train;

import java.util.function.Supplier;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Tooltip;
import javafx.stage.Window;

/**
 * The Data choice of the Train screen: the bundled sample, a CIFAR-10 folder or archive, a folder of your own images
 * (one subfolder per class), or the CIFAR-10 download. Choosing one updates what the status says will be trained on.
 */
final class TrainDataChoice {

    private static final String SAMPLE = "Bundled sample";
    private static final String FOLDER = "CIFAR-10 folder...";
    private static final String ARCHIVE = "CIFAR-10 archive (.tar.gz)...";
    private static final String IMAGES = "Your images (a folder per class)...";
    private static final String DOWNLOAD = "Download CIFAR-10 (170 MB)";

    private final ChoiceBox<String> choice = new ChoiceBox<>();

    /**
     * @param images the training-images choice, raised to all when a full data set is chosen
     */
    TrainDataChoice(TrainViewModel vm, ChoiceBox<Integer> images, Supplier<Window> window) {
        choice.setId("train-data");
        choice.getItems().addAll(SAMPLE, FOLDER, ARCHIVE, IMAGES, DOWNLOAD);
        choice.setValue(SAMPLE);
        choice.setTooltip(new Tooltip("What to train on; the status line says what the next run uses"));
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

    private static java.io.File choose(String item, Window owner) {
        if (FOLDER.equals(item) || IMAGES.equals(item)) {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle(FOLDER.equals(item) ? "The cifar-10-batches-bin folder (or the folder holding it)"
                    : "A folder with one subfolder of images per class");
            return chooser.showDialog(owner);
        }
        if (ARCHIVE.equals(item)) {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("The CIFAR-10 binary version (cifar-10-binary.tar.gz)");
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CIFAR-10 archive", "*.tar.gz", "*.tgz"));
            return chooser.showOpenDialog(owner);
        }
        return null;
    }
}
