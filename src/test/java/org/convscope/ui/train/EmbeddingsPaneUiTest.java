package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.convscope.data.CifarImages;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Embeddings tab in a narrow window at presenter scale: the legend's class names are whole ("airplane", never
 * "airpla...") because the plot, not the legend, gives way (issue 16, symptom 11).
 */
@ExtendWith(ApplicationExtension.class)
class EmbeddingsPaneUiTest {

    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxTaskExecutor(1);
        EmbeddingsPane pane = new EmbeddingsPane(new ModelSession(), () -> {
            throw new AssertionError("nothing is computed");
        }, executor, token -> {
            throw new AssertionError("nothing is read");
        });
        TabPane tabs = new TabPane(pane.tab());
        Scene scene = new Scene(tabs, 560, 600);
        scene.getStylesheets().add(Css.STYLESHEET);
        scene.getRoot().getStyleClass().add(Css.PRESENTER);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    @Test
    void legendNamesAreNotCutShort(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        for (int k = 0; k < CifarImages.STANDARD_CLASS_NAMES.size(); k++) {
            Label label = robot.lookup("#embed-legend-" + k).queryAs(Label.class);
            assertEquals(CifarImages.STANDARD_CLASS_NAMES.get(k), label.getText());
            Text shown = (Text) label.lookup(".text");
            assertEquals(label.getText(), shown.getText(), "the legend shows the whole name");
            assertTrue(label.getWidth() >= label.prefWidth(-1) - 0.5, label.getText() + ": " + label.getWidth());
        }
    }
}
