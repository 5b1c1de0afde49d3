package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.convscope.app.Exports;
import org.convscope.app.Session;
import org.convscope.app.TrainedWeights;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.TaskExecutor;

/**
 * File &gt; Export &gt; PyTorch project and ONNX model: the session's model with its current weights (the trained ones
 * when it has them, else the fresh weights the app shows, seed {@link Session#UNTRAINED_SEED}) and, for PyTorch, the
 * Train screen's settings, written through {@link Exports} as {@code convscope export} writes them (atomically). A
 * folder that exists and holds something is replaced only after asking; the work runs in the background with a
 * progress window and Cancel; failures end in a dialog that says what to do.
 */
final class ExportActions {

    /** What the actions ask and show; {@link ExportDialogs} shows real dialogs, tests answer themselves. */
    interface Ui {
        /** Asks for the project folder; null when cancelled. */
        Path chooseFolder(String suggestedName);

        /** Asks for the {@code .onnx} file; null when cancelled. */
        Path chooseOnnxFile(String suggestedName);

        /** Asks before replacing a folder that holds {@code entries} files and folders; true to replace it. */
        boolean confirmReplace(Path dir, long entries);

        /** Shows what failed and why. */
        void error(String header, String message);

        /** Shows progress of a running export until {@link Progress#close}; {@code cancel} stops it. */
        Progress progress(String title, Runnable cancel);
    }

    /** A progress display. */
    interface Progress {
        /** Updates it: {@code fraction} 0..1, or negative when unknown. */
        void update(double fraction, String message);

        /** Closes it. */
        void close();
    }

    private final ModelSession session;
    private final TaskExecutor executor;
    private final ShellViewModel vm;
    private final Supplier<Engine> engine;
    private final Supplier<Exports.TrainingSettings> trainSettings;
    private final Ui ui;

    /**
     * @param trainSettings the Train screen's settings now (throws IllegalArgumentException saying what to fix)
     */
    ExportActions(ModelSession session, TaskExecutor executor, ShellViewModel vm, Supplier<Engine> engine,
            Supplier<Exports.TrainingSettings> trainSettings, Ui ui) {
        this.session = session;
        this.executor = executor;
        this.vm = vm;
        this.engine = engine;
        this.trainSettings = trainSettings;
        this.ui = ui;
    }

    /** File &gt; Export &gt; PyTorch project...: asks for a folder, then writes it. */
    void pytorchWithChooser() {
        if (refused(tr("export.cannot.pytorch"))) {
            return;
        }
        Path dir = ui.chooseFolder(FileActions.safeName(session) + "-pytorch");
        if (dir != null) {
            exportPyTorch(dir);
        }
    }

    /** File &gt; Export &gt; ONNX model...: asks for a file, then writes it ({@code .onnx} added when missing). */
    void onnxWithChooser() {
        if (refused(tr("export.cannot.onnx"))) {
            return;
        }
        Path file = ui.chooseOnnxFile(FileActions.safeName(session) + ".onnx");
        if (file != null) {
            exportOnnx(file);
        }
    }

    /**
     * Writes the PyTorch project to {@code dir}: the current model, its current weights, the Train screen's settings.
     * An existing folder with something in it is replaced only when {@link Ui#confirmReplace} says so.
     */
    void exportPyTorch(Path dir) {
        if (refused(tr("export.cannot.pytorch"))) {
            return;
        }
        Exports.TrainingSettings settings;
        try {
            settings = trainSettings.get();
        } catch (IllegalArgumentException e) {
            ui.error(tr("export.cannot.pytorch"), tr("export.settingsIncomplete", e.getMessage()));
            return;
        }
        long entries;
        try {
            entries = entries(dir);
        } catch (java.io.IOException e) {
            ui.error(tr("export.cannotTo", dir.getFileName()), Dialogs.describe(e));
            return;
        }
        if (entries > 0 && !ui.confirmReplace(dir, entries)) {
            vm.showStatus(tr("export.cancelled", dir));
            return;
        }
        ModelSpec model = session.getModel();
        CompiledModel trained = trainedWeights(model);
        var cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        var handle = new java.util.concurrent.atomic.AtomicReference<TaskExecutor.JobHandle>();
        Progress progress = ui.progress(tr("export.exportingPytorch", dir), () -> {
            cancelled.set(true);
            if (handle.get() != null) {
                handle.get().cancel();
            }
        });
        vm.showStatus(tr("export.exportingPytorch", dir) + "...");
        handle.set(executor.submit(BackgroundJob.of("Export PyTorch project", (token, sink) -> Exports.pytorch(
                        engine.get(), model, trained, settings, dir, true, () -> token.isCancelled() || cancelled.get(),
                        sink))
                .onProgress((done, total, message) -> progress.update(total > 0 ? (double) done / total : -1, message))
                .onSuccess(w -> {
                    progress.close();
                    vm.showStatus(tr("export.pytorchDone", w.describe()));
                })
                .onFailure(e -> {
                    progress.close();
                    failed(false, dir, e);
                })
                .onCancelled(() -> {
                    progress.close();
                    vm.showStatus(tr("export.cancelled", dir));
                })));
    }

    /** Writes the current model with its current weights as ONNX to {@code file} ({@code .onnx} added when missing). */
    void exportOnnx(Path file) {
        if (refused(tr("export.cannot.onnx"))) {
            return;
        }
        Path target = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx") ? file
                : file.resolveSibling(file.getFileName() + ".onnx");
        ModelSpec model = session.getModel();
        CompiledModel trained = trainedWeights(model);
        vm.showStatus(tr("export.exportingOnnx", target));
        executor.submit(BackgroundJob.of("Export ONNX model", (token, sink) -> Exports.onnx(engine.get(), model,
                        trained, Session.UNTRAINED_SEED, target))
                .onSuccess(w -> vm.showStatus(tr(w.normalization() == null ? "export.onnxDone" : "export.onnxDoneStandardised",
                        target, w.trainedWeights() ? tr("export.trainedWeights")
                        : tr("export.freshWeights", Session.UNTRAINED_SEED))))
                .onFailure(e -> failed(true, target, e)));
    }

    /** The current model's trained weights, or null for the fresh ones. */
    private CompiledModel trainedWeights(ModelSpec model) {
        return session.trainedFor(model).map(TrainedWeights::model).orElse(null);
    }

    /** Says why the model cannot be exported, before any dialog asks for a place; true when it cannot. */
    private boolean refused(String header) {
        var why = Exports.refusal(session.getModel());
        why.ifPresent(w -> ui.error(header, w));
        return why.isPresent();
    }

    private void failed(boolean onnx, Path where, Throwable e) {
        vm.showStatus(tr(onnx ? "export.couldNot.onnx" : "export.couldNot.pytorch"));
        String message = e instanceof FileAlreadyExistsException ? tr("export.appeared", where) : Dialogs.describe(e);
        ui.error(tr(onnx ? "export.cannotTo.onnx" : "export.cannotTo.pytorch", where.getFileName()),
                message + "\n\n" + tr("export.nothingChanged", where));
    }

    /** Files and folders directly in {@code dir}: 0 when it does not exist or is empty, 1 for a plain file. */
    static long entries(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        if (!Files.isDirectory(dir)) {
            return 1;
        }
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}
