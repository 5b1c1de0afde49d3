package org.convscope.ui.shell;

import atlantafx.base.theme.PrimerLight;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import javax.management.ObjectName;
import org.convscope.app.AppFolders;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Screen;
import org.convscope.ui.train.TrainScreen;
import org.convscope.ui.train.TrainScreenDriver;

/**
 * The app's memory through one training run on the Train screen, as a user runs it: the whole main window (every
 * screen, the engine warm-up) on a headless display, CIFAR-10 chosen as the Data box chooses it, the epochs and
 * "all images" set in the settings column, Start pressed; then the app sits idle. Every few seconds it prints the
 * resident memory ({@code VmRSS}, peak {@code VmHWM}), the Java heap used and committed, and the rest ("outside the
 * heap" = RSS - committed heap: ND4J's arrays, the C heap, JavaFX, code); at the end the peak, the RSS at the end of
 * training and after the idle time, then after a forced GC the live heap, the largest classes on it and what the
 * Train screen holds.
 *
 * <p>Not a test: run it with {@code src/bench/app-memory.sh}, which starts it with the launcher's JVM options.
 * Arguments: the CIFAR-10 folder or archive, epochs (6), idle seconds (180), seconds between samples (5).
 */
public final class AppMemoryBenchmark {

    private static volatile String phase = "start";
    private static volatile double maxSampledRss;

    private AppMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/datasets/cifar-10").toAbsolutePath().normalize();
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 180;
        int every = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        System.out.println("JVM options: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println("data: " + data + "; epochs " + epochs + "; idle " + idleSeconds + " s");
        Platform.startup(() -> { });
        TrainScreen train = onFx(AppMemoryBenchmark::openApp);
        Thread sampler = new Thread(() -> sample(every), "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Thread.sleep(15_000); // the engine warm-up loads ND4J and OpenCV, as after a real start
        line("baseline");
        CountDownLatch ended = new CountDownLatch(1);
        long[] started = new long[1];
        onFx(() -> {
            TrainScreenDriver.chooseData(train, data);
            train.restoreLesson(Map.of("train-epochs", Integer.toString(epochs), "train-images", "5")); // 50,000
            TrainScreenDriver.running(train).addListener((o, was, now) -> {
                if (was && !now) {
                    ended.countDown();
                }
            });
            Button start = (Button) train.view().lookup("#train-start");
            phase = "training";
            started[0] = System.nanoTime();
            start.fire();
            return null;
        });
        ended.await();
        double seconds = (System.nanoTime() - started[0]) / 1e9;
        double peak = MemoryFigures.megabytes("VmHWM");
        double[] end = line("end of training");
        System.out.printf(Locale.ROOT, "run: %.0f s; status: %s%n", seconds, onFx(() -> TrainScreenDriver.status(train).get()));
        phase = "idle";
        Thread.sleep(idleSeconds * 1000L);
        double[] idle = line("after " + idleSeconds + " s idle");
        phase = "forced GC";
        System.gc();
        Thread.sleep(3000);
        double[] gc = line("after a forced GC");
        System.out.printf(Locale.ROOT, "%nsummary: peak RSS %,.0f MB (largest sample %,.0f); end of training %,.0f MB;"
                + " after %d s idle %,.0f MB (heap used %,.0f, committed %,.0f, outside the heap %,.0f); after a forced GC:"
                + " RSS %,.0f MB, live heap %,.0f MB, committed %,.0f MB, outside the heap %,.0f MB%n", peak, maxSampledRss,
                end[0], idleSeconds, idle[0], idle[1], idle[2], idle[3], gc[0], gc[1], gc[2], gc[3]);
        System.out.println("train screen holds: " + onFx(() -> TrainScreenDriver.holdings(train)));
        System.out.println(diagnostic("gcClassHistogram", new String[0], 16));
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().stream().anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking"))) {
            System.out.println(diagnostic("vmNativeMemory", new String[] {"summary", "scale=MB"}, 80));
        }
        System.exit(0);
    }

    /** Builds the main window as {@code ConvScopeApp} does, shows the Train screen and returns it. */
    private static TrainScreen openApp() throws Exception {
        Stage stage = new Stage();
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Path home = AppFolders.current().home();
        Files.createDirectories(home);
        MainWindow window = new MainWindow(stage, new ModelSession(), new FxTaskExecutor(2),
                Preferences.userRoot().node("convscope-memory-bench-" + UUID.randomUUID()), home);
        window.placeOn(javafx.stage.Screen.getPrimary().getVisualBounds(), false);
        stage.show();
        window.warmUp(ConvScopeApp.steps());
        window.viewModel().screenProperty().set("train");
        var field = MainWindow.class.getDeclaredField("screens");
        field.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<String, Screen> screens = (Map<String, Screen>) field.get(window);
        return (TrainScreen) screens.get("train");
    }

    private static void sample(int every) {
        while (true) {
            try {
                Thread.sleep(every * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            line(phase);
        }
    }

    /** Prints and returns RSS, heap used, heap committed and outside-heap, in MB. */
    private static synchronized double[] line(String label) {
        double rss = MemoryFigures.megabytes("VmRSS");
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double used = heap.getUsed() / 1048576.0;
        double committed = heap.getCommitted() / 1048576.0;
        maxSampledRss = Math.max(maxSampledRss, rss);
        System.out.printf(Locale.ROOT, "%8.1f s  %-18s RSS %,6.0f MB  peak %,6.0f  heap used %,5.0f  committed %,5.0f"
                + "  outside heap %,5.0f%n", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0,
                label, rss, MemoryFigures.megabytes("VmHWM"), used, committed, rss - committed);
        return new double[] {rss, used, committed, rss - committed};
    }

    /** A HotSpot diagnostic command's output (as {@code jcmd} prints it), its first {@code lines} lines. */
    private static String diagnostic(String command, String[] args, int lines) {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), command, new Object[] {args},
                    new String[] {String[].class.getName()});
            List<String> all = ((String) out).lines().toList();
            return String.join("\n", all.subList(0, Math.min(lines, all.size())));
        } catch (Exception e) {
            return command + ": " + e;
        }
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    /** Work for the FX thread that may throw. */
    private interface Callable<T> {
        T call() throws Exception;
    }

    /** {@code /proc/self/status} figures in MB, -1 where there are none. */
    private static final class MemoryFigures {
        static double megabytes(String field) {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (l.startsWith(field + ":")) {
                        return Long.parseLong(l.substring(field.length() + 1).trim().split("\\s+")[0]) / 1024.0;
                    }
                }
            } catch (Exception e) {
                // not Linux
            }
            return -1;
        }
    }
}
