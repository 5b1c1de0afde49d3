package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.util.StringConverter;
import org.convscope.core.train.HealthAdvisor;
import org.convscope.core.train.WeightHistogram;
import org.convscope.ui.common.Css;
import org.convscope.ui.train.TrainViewModel.Point;

/**
 * The Train screen's "Learning health" tab ({@link HealthViewModel}): the warnings in words on top, then per layer
 * the gradient norm and the update/weight ratio on log scales (the ratio with the usual 1e-3 as a dashed guide), the
 * share of zero ReLU outputs, and the weight histograms of an epoch chosen with a slider (0: before training).
 */
final class HealthPane {

    private static final double GUIDE = Math.log10(HealthAdvisor.GUIDE_RATIO);
    private static final double CHART_WIDTH = 330;
    private static final double CHART_HEIGHT = 300;

    private final HealthViewModel vm;
    private final VBox view;
    private final Label epochLabel = new Label();
    private final Canvas histogramCanvas = new Canvas();
    private final Pane histogramBox = new Pane(histogramCanvas);
    private javafx.scene.chart.XYChart.Series<Number, Number> guideSeries;
    /** The layers whose series are in the charts. */
    private final java.util.Set<HealthViewModel.LayerCurves> shown =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()); // the records' lists change
    /** The lowest and highest {@code log10} value on each log chart, the guide's included. */
    private final double[] gradientRange = {GUIDE, GUIDE};
    private final double[] ratioRange = {GUIDE, GUIDE};

    HealthPane(HealthViewModel vm) {
        this.vm = vm;
        Label summary = new Label();
        summary.setId("health-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        VBox warnings = warnings();
        LineChart<Number, Number> gradient = logChart(tr("health.chart.gradient"), "||dL/dW||", "health-gradient-chart");
        LineChart<Number, Number> ratio = logChart(tr("health.chart.ratio"), "||dW|| / ||W||", "health-ratio-chart");
        LineChart<Number, Number> zeros = TrainChartsPane.chart(tr("health.chart.zeros"), tr("train.chart.epoch"), tr("health.axis.share"),
                "health-zero-chart");
        NumberAxis zeroAxis = (NumberAxis) zeros.getYAxis();
        zeroAxis.setAutoRanging(false);
        zeroAxis.setLowerBound(0);
        zeroAxis.setUpperBound(1);
        zeroAxis.setTickUnit(0.25);
        ObservableList<Point> guide = javafx.collections.FXCollections.observableArrayList();
        guideSeries = TrainChartsPane.series(tr("health.guide"), guide);
        List<LineChart<Number, Number>> charts = List.of(gradient, ratio, zeros);
        // sized in lines of type, so that presenter mode's larger type keeps the legends (JavaFX drops one that
        // does not fit)
        Runnable size = () -> {
            double em = Math.max(1, summary.getFont().getSize() / 16.0);
            for (LineChart<Number, Number> c : charts) {
                c.setPrefSize(CHART_WIDTH * em, CHART_HEIGHT * em);
                c.setMinSize(CHART_WIDTH * em, CHART_HEIGHT * em);
            }
            histogramBox.setPrefSize((CHART_WIDTH + 60) * em, (CHART_HEIGHT - 40) * em);
        };
        summary.fontProperty().addListener((o, a, b) -> size.run());
        size.run();
        vm.layers().addListener((ListChangeListener<HealthViewModel.LayerCurves>) ch -> rebuild(gradient, ratio, zeros,
                guide));
        rebuild(gradient, ratio, zeros, guide);
        FlowPane chartRow = new FlowPane(12, 12, gradient, ratio, zeros, histograms());
        VBox content = new VBox(10, summary, warnings, chartRow);
        content.setPadding(new Insets(8, 4, 8, 0));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.viewportBoundsProperty().addListener((o, a, b) -> chartRow.setPrefWrapLength(b.getWidth()));
        view = new VBox(scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        view.setId("health-pane");
    }

    /** The tab's content. */
    Node view() {
        return view;
    }

    private VBox warnings() {
        VBox box = new VBox(6);
        box.setId("health-warnings");
        Runnable fill = () -> {
            List<Node> labels = new ArrayList<>();
            for (String w : vm.warnings()) {
                Label l = new Label("\u26A0 " + w);
                l.setWrapText(true);
                l.getStyleClass().add(Css.PROBLEM);
                labels.add(l);
            }
            box.getChildren().setAll(labels);
            box.setManaged(!labels.isEmpty());
            box.setVisible(!labels.isEmpty());
        };
        vm.warnings().addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        return box;
    }

    /**
     * Adds one series per new layer to each chart (the layers arrive with the first report), or empties the charts
     * when a new run clears the layers.
     */
    private void rebuild(LineChart<Number, Number> gradient, LineChart<Number, Number> ratio,
            LineChart<Number, Number> zeros, ObservableList<Point> guide) {
        // the guide goes last, so that each layer has the same colour on both log charts
        ratio.getData().remove(guideSeries);
        if (vm.layers().isEmpty()) { // a new run (or none)
            gradient.getData().clear();
            ratio.getData().clear();
            zeros.getData().clear();
            shown.clear();
            gradientRange[0] = GUIDE;
            gradientRange[1] = GUIDE;
            ratioRange[0] = GUIDE;
            ratioRange[1] = GUIDE;
            guide.setAll(new Point(0, GUIDE), new Point(1, GUIDE));
            logRange((NumberAxis) gradient.getYAxis(), gradientRange);
            logRange((NumberAxis) ratio.getYAxis(), ratioRange);
        }
        for (LineChart<Number, Number> c : List.of(gradient, ratio, zeros)) {
            NumberAxis x = (NumberAxis) c.getXAxis(); // one epoch before a run, not JavaFX's 0-110
            x.setAutoRanging(!vm.layers().isEmpty());
            if (vm.layers().isEmpty()) {
                x.setLowerBound(0);
                x.setUpperBound(1);
                x.setTickUnit(0.25);
            }
        }
        for (HealthViewModel.LayerCurves c : vm.layers()) {
            if (shown.contains(c)) {
                continue;
            }
            shown.add(c);
            String name = c.layer() + " " + c.name();
            if (c.weights()) {
                gradient.getData().add(TrainChartsPane.series(name, c.gradient()));
                ratio.getData().add(TrainChartsPane.series(name, c.ratio()));
                follow(c.gradient(), (NumberAxis) gradient.getYAxis(), gradientRange, guide);
                follow(c.ratio(), (NumberAxis) ratio.getYAxis(), ratioRange, guide);
            }
            if (c.relu()) {
                zeros.getData().add(TrainChartsPane.series(name, c.zeroShare()));
            }
        }
        ratio.getData().add(guideSeries);
        // the guide: dashed, grey (JavaFX styles a series' line through its node)
        if (guideSeries.getNode() != null) {
            guideSeries.getNode().setStyle("-fx-stroke: #888888; -fx-stroke-dash-array: 6 6;");
        }
    }

    /** Widens a log axis and the guide line as points arrive. */
    private static void follow(ObservableList<Point> points, NumberAxis axis, double[] range, ObservableList<Point> guide) {
        points.addListener((ListChangeListener<Point>) ch -> {
            while (ch.next()) {
                for (Point p : ch.getAddedSubList()) {
                    range[0] = Math.min(range[0], p.y());
                    range[1] = Math.max(range[1], p.y());
                }
            }
            logRange(axis, range);
            double x = points.isEmpty() ? 1 : Math.max(1, Math.ceil(points.get(points.size() - 1).x()));
            if (guide.size() < 2 || guide.get(1).x() < x) {
                guide.setAll(new Point(0, GUIDE), new Point(x, GUIDE));
            }
        });
    }

    /** Whole powers of ten around {@code [low, high]} (the data and the guide), at most about 8 ticks. */
    private static void logRange(NumberAxis axis, double[] range) {
        double lo = Math.floor(range[0] - 0.15); // a margin, so that no curve runs along the frame
        double hi = Math.ceil(range[1] + 0.15);
        axis.setLowerBound(lo);
        axis.setUpperBound(hi);
        axis.setTickUnit(Math.max(1, Math.ceil((hi - lo) / 8)));
    }

    private static LineChart<Number, Number> logChart(String title, String yLabel, String id) {
        LineChart<Number, Number> c = TrainChartsPane.chart(title, tr("train.chart.epoch"), yLabel, id);
        c.setHorizontalZeroLineVisible(false); // 0 here is 1e0
        NumberAxis y = (NumberAxis) c.getYAxis();
        y.setAutoRanging(false);
        y.setLowerBound(-6);
        y.setUpperBound(0);
        y.setTickUnit(1);
        y.setMinorTickVisible(false);
        y.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number v) {
                double d = v.doubleValue();
                return Math.abs(d - Math.rint(d)) < 1e-9 ? "1e" + (int) Math.rint(d) : "";
            }

            @Override
            public Number fromString(String s) {
                return Double.parseDouble(s.substring(2));
            }
        });
        return c;
    }

    /** The weight histograms of the epoch the slider picks. */
    private VBox histograms() {
        Slider slider = new Slider(0, 1, 0);
        slider.setId("health-epoch-slider");
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.setShowTickMarks(true);
        slider.setBlockIncrement(1);
        slider.disableProperty().bind(vm.lastEpochProperty().lessThan(1));
        vm.lastEpochProperty().addListener((o, a, b) -> slider.setMax(Math.max(1, b.intValue())));
        slider.valueProperty().addListener((o, a, b) -> vm.shownEpochProperty().set((int) Math.round(b.doubleValue())));
        vm.shownEpochProperty().addListener((o, a, b) -> slider.setValue(b.intValue()));
        epochLabel.setId("health-epoch-label");
        epochLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, epochLabel, slider);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(slider, Priority.ALWAYS);
        histogramBox.setMinSize(CHART_WIDTH, 120);
        histogramBox.widthProperty().addListener((o, a, b) -> drawHistograms());
        histogramBox.heightProperty().addListener((o, a, b) -> drawHistograms());
        vm.histograms().addListener((ListChangeListener<WeightHistogram>) c -> drawHistograms());
        vm.shownEpochProperty().addListener((o, a, b) -> drawHistograms());
        Label title = new Label(tr("health.histograms"));
        title.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(6, title, row, histogramBox);
        box.setId("health-histograms");
        drawHistograms();
        return box;
    }

    private void drawHistograms() {
        int e = vm.shownEpochProperty().get();
        List<WeightHistogram> hs = vm.histograms();
        epochLabel.setText(tr(hs.isEmpty() ? "health.weights.none" : e == 0 ? "health.weights.before"
                : "health.weights.after", e));
        double w = Math.max(1, histogramBox.getWidth());
        double h = Math.max(1, histogramBox.getHeight());
        histogramCanvas.setWidth(w);
        histogramCanvas.setHeight(h);
        GraphicsContext g = histogramCanvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (hs.isEmpty()) {
            return;
        }
        Font font = epochLabel.getFont();
        g.setFont(font);
        double text = font.getSize() * 1.3;
        double rowH = h / hs.size();
        double nameW = Math.min(w * 0.35, font.getSize() * 8);
        for (int i = 0; i < hs.size(); i++) {
            WeightHistogram hist = hs.get(i);
            double top = i * rowH;
            g.setFill(Color.web("#444444"));
            g.fillText(hist.layer() + " " + hist.name(), 0, top + text);
            String range = "\u00B1" + new java.math.BigDecimal(Double.toString(hist.limit())).stripTrailingZeros()
                    .toPlainString();
            g.fillText(range, 0, top + 2 * text);
            long[] counts = hist.counts();
            long max = 1;
            for (long c : counts) {
                max = Math.max(max, c);
            }
            double barsW = w - nameW - 4;
            double barW = barsW / counts.length;
            double barsH = Math.max(4, rowH - 6);
            g.setFill(Color.web("#3b7dd8"));
            for (int k = 0; k < counts.length; k++) {
                double bh = barsH * counts[k] / max;
                g.fillRect(nameW + k * barW, top + rowH - 3 - bh, Math.max(1, barW - 1), bh);
            }
            g.setStroke(Color.web("#999999"));
            g.strokeLine(nameW + barsW / 2, top + 3, nameW + barsW / 2, top + rowH - 3); // w = 0
        }
    }
}
