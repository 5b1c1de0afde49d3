package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.imaging.Images;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.FxImages;
import org.convscope.ui.common.InputSources;

/**
 * The stepper's top bar: what to slide over (a seed, a sample, an image file, or the input a learned filter
 * was opened with), the image's working size, resampling and channels, and convolution or pooling. Every
 * control follows the view model, so the selector and Channels always name what is loaded. The controls
 * wrap onto more rows on a narrow window or at presenter scale instead of being cut to "S...".
 */
final class StepperToolbar extends VBox {

    private final StepperViewModel vm;
    private final ComboBox<String> source = new ComboBox<>();
    private final ChoiceBox<StepperViewModel.Channels> channels = new ChoiceBox<>();
    private final Label mapsChannels = new Label();
    private final ToggleButton conv = new ToggleButton(tr("stepper.convolution"));
    private final ToggleButton pool = new ToggleButton(tr("stepper.pooling"));
    private final ComboBox<Integer> size = new ComboBox<>();
    private final ChoiceBox<Images.Interpolation> resample = new ChoiceBox<>();
    private final CheckBox unit = new CheckBox("0-1");
    private boolean syncing;

    /**
     * @param vm the stepper's state
     * @param modeChanged runs after the mode changed (the settings column is rebuilt)
     */
    StepperToolbar(StepperViewModel vm, Runnable modeChanged) {
        this.vm = vm;
        setId("stepper-toolbar");
        source.setId("stepper-source");
        source.setConverter(InputSources.shownAs(InputSources::shown));
        source.setOnAction(e -> {
            if (!syncing) {
                vm.chooseSource(source.getValue());
            }
        });
        Button open = new Button(tr("stepper.openImage"));
        open.setId("stepper-open");
        open.setOnAction(e -> FxImages.chooseImage(getScene().getWindow()).ifPresent(vm::openImage));
        size.setId("stepper-size");
        size.getItems().addAll(8, 12, 16, 28, 32, 64, 128, 224);
        size.setValue(vm.workingSize());
        size.setOnAction(e -> {
            if (!syncing && size.getValue() != null) {
                vm.setWorkingSize(size.getValue());
            }
        });
        size.setTooltip(new Tooltip(tr("stepper.size.tip")));
        channels.setId("stepper-channels");
        channels.setConverter(InputSources.shownAs(c -> tr("stepper.channels." + c.name())));
        channels.getItems().addAll(StepperViewModel.Channels.values());
        channels.setValue(vm.channels());
        channels.setOnAction(e -> {
            if (!syncing && channels.getValue() != null && channels.getValue() != vm.channels()) {
                vm.setChannels(channels.getValue());
            }
        });
        mapsChannels.setId("stepper-maps-channels");
        mapsChannels.setTooltip(new Tooltip(tr("stepper.maps.tip")));
        resample.setId("stepper-interpolation");
        resample.setConverter(InputSources.shownAs(i -> tr("stepper.interpolation." + i.name())));
        resample.getItems().addAll(Images.Interpolation.values());
        resample.setValue(vm.interpolation());
        resample.setTooltip(new Tooltip(tr("stepper.resample.tip")));
        resample.setOnAction(e -> {
            if (!syncing && resample.getValue() != null) {
                vm.setInterpolation(resample.getValue());
            }
        });
        unit.setId("stepper-unit-scale");
        unit.setTooltip(new Tooltip(tr("stepper.unit.tip")));
        unit.setOnAction(e -> vm.setUnitScale(unit.isSelected()));
        Label sizeLabel = new Label(tr("stepper.size"));
        Label channelLabel = new Label(tr("stepper.channels"));
        // image settings do not apply to a seed matrix or to feature maps
        BooleanBinding notAnImage = Bindings.createBooleanBinding(() -> !vm.hasImage() || vm.usingFeatureMaps(),
                vm.revisionProperty());
        for (Node n : List.of(size, channels, sizeLabel, unit, resample)) {
            n.disableProperty().bind(notAnImage);
        }
        channelLabel.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.hasImage() && !vm.usingFeatureMaps(),
                vm.revisionProperty()));
        getChildren().addAll(controls(List.of(source, open, sizeLabel, size, resample, channelLabel, channels, unit),
                modeButtons(modeChanged)), statusRow());
        vm.revisionProperty().addListener((o, a, b) -> sync());
        sync();
    }

    private Node controls(List<Region> regions, Node modes) {
        for (Region n : regions) {
            n.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox sizeGroup = new HBox(6, regions.get(2), regions.get(3), regions.get(4));
        HBox channelGroup = new HBox(6, regions.get(5), channels, mapsChannels, regions.get(7));
        sizeGroup.setAlignment(Pos.CENTER_LEFT);
        channelGroup.setAlignment(Pos.CENTER_LEFT);
        FlowPane bar = new FlowPane(10, 6, regions.get(0), regions.get(1), sizeGroup, channelGroup, modes);
        bar.setId("stepper-toolbar-controls");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 4, 12));
        return bar;
    }

    private Node modeButtons(Runnable modeChanged) {
        ToggleGroup modes = new ToggleGroup();
        conv.setId("mode-convolution");
        pool.setId("mode-pooling");
        conv.setToggleGroup(modes);
        pool.setToggleGroup(modes);
        conv.setOnAction(e -> {
            conv.setSelected(true);
            vm.setMode(StepperViewModel.Mode.CONVOLUTION);
            modeChanged.run();
        });
        pool.setOnAction(e -> {
            pool.setSelected(true);
            vm.setMode(StepperViewModel.Mode.POOLING);
            modeChanged.run();
        });
        HBox box = new HBox(6, conv, pool);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setPadding(new Insets(0, 0, 0, 12));
        return box;
    }

    private Node statusRow() {
        Label status = new Label();
        status.setId("stepper-status");
        status.getStyleClass().add(Css.SUBTITLE);
        status.setMinWidth(0);
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        HBox row = new HBox(status);
        row.setPadding(new Insets(0, 12, 4, 12));
        // a seed's status is its name, already in the selector: the row then gives its height to the matrices
        row.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> !vm.statusProperty().get().equals(vm.sourceChoice()), vm.statusProperty(), vm.revisionProperty()));
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    /** Makes the selector, Channels and the mode buttons show what the view model has loaded. */
    private void sync() {
        syncing = true;
        try {
            List<String> choices = vm.sourceChoices();
            if (!source.getItems().equals(choices)) {
                source.getItems().setAll(choices);
            }
            if (!vm.sourceChoice().equals(source.getValue())) {
                source.setValue(vm.sourceChoice());
            }
            boolean maps = vm.usingFeatureMaps();
            channels.setVisible(!maps);
            channels.setManaged(!maps);
            mapsChannels.setVisible(maps);
            mapsChannels.setManaged(maps);
            mapsChannels.setText(maps ? tr("stepper.mapsCount", vm.input().channels()) : "");
            if (channels.getValue() != vm.channels()) {
                channels.setValue(vm.channels());
            }
            (vm.mode() == StepperViewModel.Mode.CONVOLUTION ? conv : pool).setSelected(true);
            if (!Integer.valueOf(vm.workingSize()).equals(size.getValue())) {
                size.setValue(vm.workingSize()); // a lesson may set any size, not only the listed ones
            }
            resample.setValue(vm.interpolation());
            unit.setSelected(vm.unitScale());
        } finally {
            syncing = false;
        }
    }
}
