package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.AccessibleRole;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.convscope.core.train.Evaluation;
import org.convscope.ui.common.I18n;
import org.convscope.ui.train.TrainViewModel.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** What a screen reader hears from the Train screen's confusion matrix and charts. */
@ExtendWith(ApplicationExtension.class)
class TrainAccessibilityUiTest {

    private final ConfusionMatrixView matrix = new ConfusionMatrixView((t, p) -> { });
    private final ObservableList<Point> epochLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> validationLoss = FXCollections.observableArrayList();
    private LineChart<Number, Number> chart;

    @Start
    void start(Stage stage) {
        I18n.setLocale(Locale.ENGLISH);
        chart = TrainChartsPane.chart("Loss", "epoch", "loss", "test-loss");
        chart.getData().add(TrainChartsPane.series("per epoch", epochLoss));
        chart.getData().add(TrainChartsPane.series("validation", validationLoss));
        TrainChartsPane.describe(chart, false, true);
        stage.setScene(new Scene(new VBox(matrix, chart), 800, 600));
        stage.show();
    }

    @Test
    void confusionCellsSayTrueAndPredictedClassAndCount(FxRobot robot) {
        Evaluation e = new Evaluation(List.of("cat", "dog"));
        for (int i = 0; i < 12; i++) {
            e.add(0, 1); // 12 cats taken for dogs
        }
        e.add(0, 0);
        e.add(1, 1);
        e.add(1, 1);
        robot.interact(() -> matrix.show(e));
        assertEquals("true cat, predicted dog: 12", matrix.cellNode(0, 1).getAccessibleText());
        assertEquals("true cat, predicted cat: 1", matrix.cellNode(0, 0).getAccessibleText());
        assertEquals("true dog, predicted dog: 2", matrix.cellNode(1, 1).getAccessibleText());
        assertEquals("true dog, predicted cat: 0", matrix.cellNode(1, 0).getAccessibleText());
    }

    @Test
    void theChartsTextFollowsThePointsAsTheyArrive(FxRobot robot) {
        assertEquals(AccessibleRole.TEXT, chart.getAccessibleRole());
        assertEquals("Loss. per epoch: no points yet. validation: no points yet", chart.getAccessibleText());
        robot.interact(() -> epochLoss.add(new Point(1, 2.0)));
        assertEquals("Loss. per epoch: last 2, best 2, too few points for a trend. validation: no points yet",
                chart.getAccessibleText());
        // as SeriesSummaryTest works out: 2, 1.5, 1, 0.9 falls
        robot.interact(() -> epochLoss.addAll(new Point(2, 1.5), new Point(3, 1.0), new Point(4, 0.9)));
        robot.interact(() -> validationLoss.addAll(new Point(1, 1.2), new Point(2, 1.3), new Point(3, 1.4)));
        assertEquals("Loss. per epoch: last 0.9, best 0.9, falling. validation: last 1.4, best 1.2, rising",
                chart.getAccessibleText());
        robot.interact(epochLoss::clear); // a new run
        assertEquals("Loss. per epoch: no points yet. validation: last 1.4, best 1.2, rising", chart.getAccessibleText());
    }
}
