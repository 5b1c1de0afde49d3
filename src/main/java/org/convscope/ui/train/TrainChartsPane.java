package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.ui.train.TrainViewModel.Point;

/**
 * The Curves tab: training loss, accuracy and learning rate as line charts fed by the run's curves, with buttons to
 * export them as PNG and save the history as CSV. Before a run the axes show one epoch (not JavaFX's empty 0-110).
 */
final class TrainChartsPane {

    /** The charts' least height: titles, axes and a readable curve, also in presenter type. */
    static final double MIN_CHART_HEIGHT = 250;
    /** The charts' least width: as many as fit side by side, the others below (the tab scrolls). */
    static final double MIN_CHART_WIDTH = 330;
    private static final double GAP = 12;

    private final TrainViewModel vm;
    private final FlowPane charts;
    private final VBox view;

    TrainChartsPane(TrainViewModel vm, java.util.function.Supplier<javafx.stage.Window> window,
            org.convscope.ui.common.TaskExecutor executor) {
        this.vm = vm;
        TrainCurves c = vm.curves();
        LineChart<Number, Number> loss = chart(tr("train.chart.loss"), tr("train.chart.epoch"), tr("train.chart.lossAxis"), "train-loss-chart");
        loss.getData().add(series(tr("train.series.perBatch"), c.batchLoss()));
        loss.getData().add(series(tr("train.series.perEpoch"), c.epochLoss()));
        loss.getData().add(series(tr("train.series.validationLoss"), c.validationLoss()));
        emptyRange(loss, c.batchLoss(), 0, 3);
        LineChart<Number, Number> acc = chart(tr("train.chart.accuracy"), tr("train.chart.epoch"), "", "train-accuracy-chart");
        NumberAxis accAxis = (NumberAxis) acc.getYAxis();
        accAxis.setAutoRanging(false); // accuracy is a fraction: 0 to 1 always, so runs compare at a glance
        accAxis.setLowerBound(0);
        accAxis.setUpperBound(1);
        accAxis.setTickUnit(0.1);
        acc.getData().add(series(tr("train.series.training"), c.trainAccuracy()));
        acc.getData().add(series(tr("train.series.validation"), c.validationAccuracy()));
        emptyRange(acc, c.trainAccuracy(), 0, 1);
        LineChart<Number, Number> rates = chart(tr("train.chart.lr"), tr("train.chart.epoch"), tr("train.chart.rateAxis"), "train-rate-chart");
        rates.setLegendVisible(false);
        rates.setCreateSymbols(true);
        rates.getData().add(series(tr("train.chart.rateAxis"), c.learningRates()));
        emptyRange(rates, c.learningRates(), 0, 0.01);
        describe(loss, false, true);
        describe(acc, true, true);
        describe(rates, false, false);
        List<LineChart<Number, Number>> all = List.of(loss, acc, rates);
        charts = new FlowPane(GAP, GAP, loss, acc, rates);
        ScrollPane scroll = new ScrollPane(charts);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.viewportBoundsProperty().addListener((o, a, b) -> fit(all, b.getWidth(), b.getHeight()));
        javafx.scene.control.Label saved = new javafx.scene.control.Label(); // what an export wrote, or why not
        saved.setId("train-export-status");
        CurvesExport.chartMenus(saved::setText, all);
        FlowPane buttons = new FlowPane(8, 8, exportButton(window), historyButton(window),
                CurvesExport.gifButton(vm, executor, window, saved::setText), saved);
        buttons.setAlignment(Pos.CENTER_LEFT);
        view = new VBox(8, buttons, scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        view.setPadding(new Insets(8, 0, 0, 0));
    }

    /** The tab's content. */
    Node view() {
        return view;
    }

    private Button exportButton(java.util.function.Supplier<javafx.stage.Window> window) {
        Button exportCharts = new Button(tr("train.exportCharts"));
        exportCharts.setId("train-export-charts");
        exportCharts.setMinWidth(Region.USE_PREF_SIZE);
        exportCharts.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(tr("train.exportCharts.title"));
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(tr("filter.png"), "*.png"));
            chooser.setInitialFileName("training-curves.png");
            var f = chooser.showSaveDialog(window.get());
            if (f != null) {
                vm.exportPng(TrainScreen.snapshot(charts), f.toPath());
            }
        });
        return exportCharts;
    }

    private Button historyButton(java.util.function.Supplier<javafx.stage.Window> window) {
        Button saveHistory = new Button(tr("train.saveHistory"));
        saveHistory.setId("train-save-history");
        saveHistory.setMinWidth(Region.USE_PREF_SIZE);
        saveHistory.disableProperty().bind(vm.runningProperty().or(vm.hasTrainedProperty().not()));
        saveHistory.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(tr("train.saveHistory.title"));
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(tr("filter.csv"), "*.csv"));
            chooser.setInitialFileName("training-history.csv");
            var f = chooser.showSaveDialog(window.get());
            if (f != null) {
                vm.saveHistory(f.toPath());
            }
        });
        return saveHistory;
    }

    /**
     * Sizes the charts to the viewport: as many side by side as are at least {@link #MIN_CHART_WIDTH} wide, filling
     * the height when they fit in one row, else at least {@link #MIN_CHART_HEIGHT} each.
     */
    private static void fit(List<LineChart<Number, Number>> all, double width, double height) {
        int perRow = (int) Math.max(1, Math.min(all.size(), Math.floor((width + GAP) / (MIN_CHART_WIDTH + GAP))));
        int rows = (all.size() + perRow - 1) / perRow;
        double w = Math.floor((width - GAP * (perRow - 1)) / perRow) - 1;
        double h = Math.max(MIN_CHART_HEIGHT, Math.floor((height - GAP * (rows - 1)) / rows) - 1);
        for (LineChart<Number, Number> c : all) {
            c.setPrefSize(w, h);
            c.setMinSize(Math.min(w, MIN_CHART_WIDTH), MIN_CHART_HEIGHT);
            c.setMaxSize(w, h);
        }
    }

    static LineChart<Number, Number> chart(String title, String x, String y, String id) {
        NumberAxis xa = new NumberAxis();
        xa.setLabel(x);
        xa.setForceZeroInRange(false);
        NumberAxis ya = new NumberAxis();
        ya.setLabel(y);
        LineChart<Number, Number> c = new LineChart<>(xa, ya);
        c.setId(id);
        c.setTitle(title);
        c.setCreateSymbols(false);
        c.setAnimated(false);
        c.setMinHeight(MIN_CHART_HEIGHT);
        if (c.lookup(".chart-title") instanceof javafx.scene.control.Label t) {
            t.setWrapText(true); // a narrow chart wraps its title rather than cutting it
        }
        return c;
    }

    /**
     * While {@code points} is empty the chart shows epoch 0-1 on x and {@code low}-{@code high} on y instead of
     * JavaFX's default 0-110; the axes range over the data again as soon as there is some.
     */
    private static void emptyRange(LineChart<Number, Number> chart, ObservableList<Point> points, double low, double high) {
        NumberAxis x = (NumberAxis) chart.getXAxis();
        NumberAxis y = (NumberAxis) chart.getYAxis();
        boolean yFixed = !y.isAutoRanging();
        Runnable apply = () -> {
            boolean empty = points.isEmpty();
            x.setAutoRanging(!empty);
            if (empty) {
                x.setLowerBound(0);
                x.setUpperBound(1);
                x.setTickUnit(0.25);
            }
            if (!yFixed) {
                y.setAutoRanging(!empty);
                if (empty) {
                    y.setLowerBound(low);
                    y.setUpperBound(high);
                    y.setTickUnit((high - low) / 4);
                }
            }
        };
        apply.run();
        points.addListener((ListChangeListener<Point>) c -> apply.run());
    }

    /**
     * A plotted point (the learning rate's symbols) read in the user's language, e.g. "Lernrate: Epoche 3, Rate
     * 0.001": JavaFX's own text for it ("epoch is 3 rate is 0.001") is English in every language but a few.
     */
    private static void speakPoint(LineChart<Number, Number> chart, XYChart.Data<Number, Number> d) {
        java.util.function.Consumer<javafx.scene.Node> speak = n -> {
            if (n != null) {
                n.accessibleTextProperty().unbind();
                n.accessibleTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> tr("train.chart.point", chart.getTitle(), chart.getXAxis().getLabel(),
                                org.convscope.ui.common.Spoken.number(d.getXValue().doubleValue()), chart.getYAxis().getLabel(),
                                org.convscope.ui.common.Spoken.number(d.getYValue().doubleValue())),
                        d.XValueProperty(), d.YValueProperty()));
            }
        };
        speak.accept(d.getNode());
        d.nodeProperty().addListener((o, was, now) -> speak.accept(now));
    }

    /**
     * Keeps the chart's accessible text a summary of each curve ({@link SeriesSummary}: last value, best value,
     * trend), current as points arrive: what a screen reader says instead of the lines it cannot see.
     *
     * @param higherIsBetter true when the best value is the highest (accuracy)
     * @param withBest false where a best value means nothing (the learning rate)
     */
    static void describe(LineChart<Number, Number> chart, boolean higherIsBetter, boolean withBest) {
        chart.setAccessibleRole(javafx.scene.AccessibleRole.TEXT);
        Runnable update = () -> {
            StringBuilder text = new StringBuilder(chart.getTitle());
            for (XYChart.Series<Number, Number> s : chart.getData()) {
                List<Double> ys = s.getData().stream().map(d -> d.getYValue().doubleValue()).toList();
                text.append(". ").append(SeriesSummary.of(ys, higherIsBetter).describe(s.getName(), withBest));
            }
            chart.setAccessibleText(text.toString());
        };
        update.run();
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            s.getData().addListener((ListChangeListener<XYChart.Data<Number, Number>>) c -> update.run());
            s.getData().forEach(d -> speakPoint(chart, d));
            s.getData().addListener((ListChangeListener<XYChart.Data<Number, Number>>) c -> {
                while (c.next()) {
                    c.getAddedSubList().forEach(d -> speakPoint(chart, d));
                }
            });
        }
    }

    /** A series mirroring a list of points; additions arrive in batches, so each drain is one update. */
    static XYChart.Series<Number, Number> series(String name, ObservableList<Point> points) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        points.addListener((ListChangeListener<Point>) c -> {
            boolean rebuild = false;
            var added = new ArrayList<XYChart.Data<Number, Number>>();
            while (c.next()) {
                if (c.wasRemoved()) {
                    rebuild = true; // cleared or replaced: redraw from the list
                } else if (c.wasAdded()) {
                    for (var p : c.getAddedSubList()) {
                        added.add(new XYChart.Data<>(p.x(), p.y()));
                    }
                }
            }
            if (rebuild) {
                var all = new ArrayList<XYChart.Data<Number, Number>>();
                for (var p : points) {
                    all.add(new XYChart.Data<>(p.x(), p.y()));
                }
                series.getData().setAll(all);
            } else {
                series.getData().addAll(added);
            }
        });
        return series;
    }
}
