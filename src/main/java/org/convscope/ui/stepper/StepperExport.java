package org.convscope.ui.stepper;

import static org.convscope.ui.common.I18n.tr;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.stage.Window;
import org.convscope.app.Animations;
import org.convscope.ui.common.FigureExport;
import org.convscope.ui.common.GifExportDialog;
import org.convscope.ui.common.MatrixView;
import org.convscope.ui.common.TaskExecutor;

/**
 * The stepper's figures for slides: "Export GIF..." (the convolution or pooling sweep as it stands, one frame per step
 * with the worked sum, through {@link GifExportDialog}) and "Save as PNG" on each matrix's context menu.
 */
final class StepperExport {

    // The text of these controls, kept together to move into a ResourceBundle.

    private StepperExport() {
    }

    /**
     * The Export GIF button.
     *
     * @param vm the trace shown
     * @param executor writes the GIF in the background
     * @param window the window the dialog belongs to
     * @param status receives the status line
     */
    static Button gifButton(StepperViewModel vm, TaskExecutor executor, Supplier<Window> window, Consumer<String> status) {
        Button b = new Button(tr("stepper.exportGif"));
        b.setId("stepper-export-gif");
        b.setTooltip(new Tooltip(tr("stepper.exportGif.tooltip")));
        b.setOnAction(e -> {
            boolean conv = vm.mode() == StepperViewModel.Mode.CONVOLUTION;
            int steps = conv ? (vm.convTrace() == null ? 0 : vm.convTrace().steps())
                    : (vm.poolTrace() == null ? 0 : vm.poolTrace().steps());
            if (steps == 0) {
                status.accept(tr("stepper.gif.nothing"));
                return;
            }
            try {
                Animations.checkFrames(steps);
            } catch (IllegalArgumentException tooMany) {
                status.accept(tooMany.getMessage());
                return;
            }
            Animations.Animation frames = conv ? Animations.convolution(vm.convTrace()) : Animations.pooling(vm.poolTrace());
            GifExportDialog.show(window.get(), executor, tr(conv ? "stepper.gif.conv" : "stepper.gif.pool", steps),
                    conv ? "convolution.gif" : "pooling.gif", frames, status);
        });
        return b;
    }

    /** Adds Save as PNG (1x, 2x, 3x) to each matrix's context menu. */
    static void pngMenus(Consumer<String> status, MatrixView input, MatrixView kernel, MatrixView products,
            MatrixView output) {
        FigureExport.install(input, "input", status);
        FigureExport.install(kernel, "kernel", status);
        FigureExport.install(products, "products", status);
        FigureExport.install(output, "output", status);
    }
}
