package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.convscope.data.Downloader;
import org.convscope.ui.common.BackgroundJob;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.TaskExecutor;

/**
 * Downloads the official CIFAR-10 binary archive (about 170 MB) into the dataset cache, checking its published MD5.
 * Stop cancels; a later download resumes the partial file; an archive downloaded and checked before is used at once.
 */
final class CifarDownload {

    private URI url = Downloader.CIFAR10_BINARY_URL;
    private String md5 = Downloader.CIFAR10_BINARY_MD5;

    /** Points downloads elsewhere (tests serve a fixture from 127.0.0.1). */
    void setSource(URI url, String md5) {
        this.url = url;
        this.md5 = md5;
    }

    /**
     * Starts the download in the background.
     *
     * @param cache the dataset cache
     * @param stop true once the user stops it
     * @param status receives what happens
     * @param speed receives the progress message
     * @param progress receives the fraction done
     * @param ended receives the archive, or null when it failed or was stopped (the status says which)
     */
    void start(TaskExecutor executor, Path cache, BooleanSupplier stop, Consumer<String> status, Consumer<String> speed,
            DoubleConsumer progress, Consumer<Path> ended) {
        Path target = cache.resolve("cifar-10-binary.tar.gz");
        URI from = url;
        String sum = md5;
        status.accept(tr("train.download.started", from.getHost()));
        executor.submit(BackgroundJob.of("Download CIFAR-10", (token, sink) -> {
            if (Files.isRegularFile(target)) {
                return target; // downloaded and checked before: only complete, checked files get this name
            }
            new Downloader().download(from, target, "MD5", sum, () -> stop.getAsBoolean() || token.isCancelled(), sink);
            return target;
        }).onProgress((done, total, message) -> {
            if (total > 0) {
                progress.accept(done / (double) total);
            }
            speed.accept(message);
        }).onSuccess(ended::accept).onFailure(e -> {
            ended.accept(null);
            status.accept(tr("train.download.failed", Dialogs.describe(e)));
        }).onCancelled(() -> {
            ended.accept(null);
            status.accept(tr("train.download.stopped"));
        }));
    }
}
