package org.convscope.ui.stepper;

import java.util.Locale;
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
    static final String EXPORT_GIF = "Export GIF...";
    static final String EXPORT_TOOLTIP = "Save the whole sweep, one frame per step with the worked sum, as an animated GIF";
    static final String CONV_SWEEP = "The convolution sweep: %d steps";
    static final String POOL_SWEEP = "The pooling sweep: %d steps";
    static final String NOTHING = "Nothing to animate: the settings give no output.";

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
        Button b = new Button(EXPORT_GIF);
        b.setId("stepper-export-gif");
        b.setTooltip(new Tooltip(EXPORT_TOOLTIP));
        b.setOnAction(e -> {
            boolean conv = vm.mode() == StepperViewModel.Mode.CONVOLUTION;
            int steps = conv ? (vm.convTrace() == null ? 0 : vm.convTrace().steps())
                    : (vm.poolTrace() == null ? 0 : vm.poolTrace().steps());
            if (steps == 0) {
                status.accept(NOTHING);
                return;
            }
            try {
                Animations.checkFrames(steps);
            } catch (IllegalArgumentException tooMany) {
                status.accept(tooMany.getMessage());
                return;
            }
            Animations.Animation frames = conv ? Animations.convolution(vm.convTrace()) : Animations.pooling(vm.poolTrace());
            GifExportDialog.show(window.get(), executor, String.format(Locale.ROOT, conv ? CONV_SWEEP : POOL_SWEEP, steps),
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
