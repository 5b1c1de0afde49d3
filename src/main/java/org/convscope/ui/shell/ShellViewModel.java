package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.TaskExecutor;

/** State of the main window: current screen, presenter mode, theme, status line and engine status. */
final class ShellViewModel {

    private final StringProperty screen = new SimpleStringProperty(this, "screen", "build");
    private final BooleanProperty presenterMode = new SimpleBooleanProperty(this, "presenterMode");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme");
    private final BooleanProperty highContrast = new SimpleBooleanProperty(this, "highContrast");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", tr("status.ready"));
    private final ReadOnlyStringWrapper engineStatus = new ReadOnlyStringWrapper(this, "engineStatus", tr("engine.waiting"));
    private final ReadOnlyBooleanWrapper engineBusy = new ReadOnlyBooleanWrapper(this, "engineBusy");
    private final ReadOnlyBooleanWrapper engineReady = new ReadOnlyBooleanWrapper(this, "engineReady");

    // Properties

    StringProperty screenProperty() {
        return screen;
    }

    BooleanProperty presenterModeProperty() {
        return presenterMode;
    }

    BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    /** View &gt; High Contrast: the high-contrast stylesheet on the window's scene. */
    BooleanProperty highContrastProperty() {
        return highContrast;
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    ReadOnlyStringProperty engineStatusProperty() {
        return engineStatus.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty engineBusyProperty() {
        return engineBusy.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty engineReadyProperty() {
        return engineReady.getReadOnlyProperty();
    }

    // Commands

    void showStatus(String message) {
        status.set(message);
    }

    /**
     * Loads the native runtimes one after another in the background, reporting each in the status bar.
     *
     * @param executor where to run
     * @param steps what to load
     */
    void warmUp(TaskExecutor executor, List<WarmUpStep> steps) {
        engineBusy.set(true);
        engineStatus.set(tr("engine.starting", steps.get(0).name()));
        executor.submit(BackgroundJob.of("Start engines", (token, progress) -> {
            long t0 = System.nanoTime();
            StringBuilder ready = new StringBuilder();
            for (int i = 0; i < steps.size(); i++) {
                WarmUpStep step = steps.get(i);
                progress.progress(i, steps.size(), tr("engine.starting", step.name()));
                String what;
                try {
                    what = step.load().call();
                } catch (Throwable e) { // native load failures are Errors (UnsatisfiedLinkError)
                    throw new IllegalStateException(tr("engine.couldNotStart", step.name(), Dialogs.describe(e)), e);
                }
                ready.append(ready.length() == 0 ? "" : " | ").append(what);
            }
            return tr("engine.ready", ready, String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        }).onProgress((done, total, message) -> {
            if (message != null && !message.isBlank()) {
                engineStatus.set(message);
            }
        })
                .onSuccess(text -> {
                    engineStatus.set(text);
                    engineBusy.set(false);
                    engineReady.set(true);
                })
                .onFailure(e -> {
                    engineStatus.set(tr("engine.unavailable", Dialogs.describe(e)));
                    engineBusy.set(false);
                }));
    }
}
