package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.LayerSpec;
import org.convscope.io.ModelJson;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the Build screen's canvas as a user would, on the default preset (TensorFlow CIFAR-10 CNN). */
@ExtendWith(ApplicationExtension.class)
class BuildCanvasUiTest {

    private MainWindow window;
    private ModelSession session;
    private Preferences prefs;
    private Stage stage;
    private Path home;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        prefs = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        home = Files.createTempDirectory("convscope-home");
        session = new ModelSession();
        window = new MainWindow(stage, session, new CurrentThreadTaskExecutor(), prefs, home);
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        prefs.removeNode();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private void type(FxRobot robot, String fieldId, String value) {
        TextField f = robot.lookup(fieldId).queryAs(TextField.class);
        robot.clickOn(f);
        robot.interact(() -> f.selectAll());
        robot.write(value);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private MenuItem menuItem(String id) {
        MenuBar bar = (MenuBar) stage.getScene().lookup("#menu-bar");
        return bar.getMenus().stream().flatMap(m -> m.getItems().stream()).filter(i -> id.equals(i.getId()))
                .findFirst().orElseThrow();
    }

    private void shortcut(FxRobot robot, KeyCode... keys) {
        KeyCode[] all = new KeyCode[keys.length + 1];
        all[0] = KeyCode.CONTROL;
        System.arraycopy(keys, 0, all, 1, keys.length);
        robot.press(all);
        KeyCode[] reversed = new KeyCode[all.length];
        for (int i = 0; i < all.length; i++) {
            reversed[i] = all[all.length - 1 - i];
        }
        robot.release(reversed);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void editingFiltersChangesEdgeLabelAndCostThenUndoRedo(FxRobot robot) {
        assertEquals("30 x 30 x 32", text(robot, "#edge-1"));
        robot.clickOn("#block-1");
        type(robot, "#prop-filters", "64");
        // 30x30x64 out; params 3*3*3*64 + 64 = 1792; next conv 3*3*64*64 + 64 = 36928
        assertEquals("30 x 30 x 64", text(robot, "#edge-1"));
        assertTrue(text(robot, "#block-cost-1").startsWith("1,792 params"), text(robot, "#block-cost-1"));
        assertTrue(text(robot, "#block-cost-3").startsWith("36,928 params"), text(robot, "#block-cost-3"));
        assertEquals("Undo Set filters of conv2d to 64", menuItem("menu-undo").getText(), "typing 6, 4 is one step");
        assertTrue(stage.getTitle().startsWith("*"), stage.getTitle());

        robot.clickOn("#block-3"); // leave the text field so Ctrl+Z goes to the window
        shortcut(robot, KeyCode.Z);
        assertEquals("30 x 30 x 32", text(robot, "#edge-1"));
        assertFalse(stage.getTitle().startsWith("*"), "undo back to the unedited preset is clean: " + stage.getTitle());
        shortcut(robot, KeyCode.SHIFT, KeyCode.Z);
        assertEquals("30 x 30 x 64", text(robot, "#edge-1"));
    }

    @Test
    void dragConvSetPropertiesUndoRedoSaveReopen(FxRobot robot, @TempDir Path dir) throws Exception {
        // Drop a new Conv2D between the first pooling layer and conv2d_1.
        robot.drag("#palette-Conv2D").dropTo("#edge-2");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(9, session.getModel().layers().size());
        assertTrue(session.getModel().layers().get(2) instanceof LayerSpec.Conv2D);
        // New conv2d_1: 32 filters 3x3 on 15x15x32 -> 13 x 13 x 32
        assertEquals("13 x 13 x 32", text(robot, "#edge-3"));
        type(robot, "#prop-filters", "48");
        robot.clickOn("#prop-padding");
        robot.clickOn("same");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("15 x 15 x 48", text(robot, "#edge-3")); // same: ceil(15/1) = 15
        assertEquals("Undo Set padding of conv2d_1 to same", menuItem("menu-undo").getText());

        robot.clickOn("#layer-canvas");
        shortcut(robot, KeyCode.Z);
        assertEquals("13 x 13 x 48", text(robot, "#edge-3"));
        shortcut(robot, KeyCode.SHIFT, KeyCode.Z);
        assertEquals("15 x 15 x 48", text(robot, "#edge-3"));

        Path file = dir.resolve("mine.convscope.json");
        robot.interact(() -> assertTrue(window.saveTo(file)));
        var saved = session.getModel();
        robot.interact(() -> session.usePreset("lenet5"));
        robot.interact(() -> window.openFile(file));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(saved, session.getModel());
        assertEquals(ModelJson.read(file), session.getModel());
        assertEquals("15 x 15 x 48", text(robot, "#edge-3"));
        // conv2d_1: 3*3*32*48 + 48 = 13872 params
        assertTrue(text(robot, "#block-cost-3").startsWith("13,872 params"), text(robot, "#block-cost-3"));
    }

    @Test
    void dragFromPaletteInsertsWhereDropped(FxRobot robot) {
        int before = session.getModel().layers().size();
        robot.drag("#palette-BatchNormalization").dropTo("#edge-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, session.getModel().layers().size());
        assertTrue(session.getModel().layers().get(1) instanceof LayerSpec.BatchNormalization,
                session.getModel().layers().toString());
        // BN on 30x30x32: 4*32 = 128 params, 64 of them not trainable
        assertEquals(64, ModelAnalyzer.analyze(session.getModel()).nonTrainableParams());
        assertTrue(text(robot, "#block-cost-2").startsWith("128 params"), text(robot, "#block-cost-2"));
    }

    @Test
    void doubleClickAppendsAfterSelectionAndKeyboardEdits(FxRobot robot) {
        robot.clickOn("#block-1");
        robot.type(KeyCode.END); // selects the last layer, dense_1, and scrolls to it
        robot.doubleClickOn("#palette-Dropout");
        assertTrue(session.getModel().layers().get(8) instanceof LayerSpec.Dropout);
        robot.clickOn("#layer-canvas");
        robot.type(KeyCode.HOME);
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.DELETE); // deletes max_pooling2d
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(8, session.getModel().layers().size());
        // Without the first pool: 30 -> conv 28 -> pool 14 -> conv 12 -> flatten 12*12*64 = 9216
        assertEquals("28 x 28 x 64", text(robot, "#edge-2"));
        shortcut(robot, KeyCode.D); // duplicate the now-selected conv2d_1
        assertEquals(9, session.getModel().layers().size());
        assertEquals("Undo Duplicate conv2d_1", menuItem("menu-undo").getText());
    }

    @Test
    void impossibleKernelTurnsBlockRedAndOneClickFixRepairsIt(FxRobot robot) {
        robot.clickOn("#block-1");
        type(robot, "#prop-kernel-h", "40");
        Node block = robot.lookup("#block-1").query();
        assertTrue(block.getStyleClass().contains("block-error"));
        String problem = text(robot, "#block-problem");
        assertTrue(problem.startsWith("The 40x3 kernel does not fit") && problem.contains("floor((32 - 40)/1) + 1 = -7"), problem);
        assertEquals("?", text(robot, "#edge-1"));
        // The summary still lists all 8 layers: conv2d with "?" and why, the ones after it with "?".
        javafx.scene.control.TableView<?> table = robot.lookup("#summary-table").queryAs(javafx.scene.control.TableView.class);
        assertEquals(8, table.getItems().size());
        assertEquals("conv2d (Conv2D)", String.valueOf(table.getColumns().get(1).getCellData(0)));
        assertEquals("?", String.valueOf(table.getColumns().get(2).getCellData(0)));
        assertTrue(String.valueOf(table.getColumns().get(table.getColumns().size() - 1).getCellData(0))
                .startsWith("Cannot be built: the 40x3 kernel")); // "How", after the graph-only "Connected to"
        assertEquals("dense_1 (Dense)", String.valueOf(table.getColumns().get(1).getCellData(7)));
        // Only fixes after which the whole model builds: "Shrink the window to 32x3" would leave a 1x30 map that the
        // next 2x2 pooling cannot take (floor((1 - 2)/2) + 1 = 0), so it is not offered.
        java.util.List<String> fixes = robot.lookup(".fix-button").queryAllAs(javafx.scene.control.Button.class).stream()
                .map(javafx.scene.control.Button::getText).toList();
        assertEquals(java.util.List.of("Use padding \"same\"", "Remove conv2d"), fixes);
        robot.clickOn("#fix-0"); // Use padding "same"
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(ModelAnalyzer.analyze(session.getModel()).valid());
        assertFalse(robot.lookup("#block-1").query().getStyleClass().contains("block-error"));
        assertEquals("32 x 32 x 32", text(robot, "#edge-1"));
        assertEquals("Undo Use padding \"same\" in conv2d", menuItem("menu-undo").getText());
        assertFalse(menuItem("menu-undo").isMnemonicParsing(), "underscores in layer names must show");
    }

    @Test
    void saveThenReopenGivesTheSameModel(FxRobot robot, @TempDir Path dir) throws Exception {
        robot.clickOn("#block-1");
        robot.type(KeyCode.END);
        robot.type(KeyCode.UP); // dense, 64 units
        type(robot, "#prop-units", "128");
        Path file = dir.resolve("edited.convscope.json");
        robot.interact(() -> assertTrue(window.saveTo(file)));
        assertEquals(session.getModel(), ModelJson.read(file));
        assertFalse(stage.getTitle().startsWith("*"));
        var saved = session.getModel();
        robot.interact(() -> session.usePreset("lenet5"));
        robot.interact(() -> window.openFile(file));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(saved, session.getModel());
        // dense 1024*128 + 128 = 131200; dense_1 128*10 + 10 = 1290
        assertEquals(896 + 18_496 + 36_928 + 131_200 + 1_290, ModelAnalyzer.analyze(session.getModel()).totalParams());
    }

    @Test
    void importedKerasModelIsShownUnsavedAndExportShowsCode(FxRobot robot, @TempDir Path dir) throws Exception {
        Path keras = dir.resolve("lenet.keras.json");
        Files.writeString(keras, org.convscope.io.KerasJson.export(org.convscope.io.Presets.find("lenet5").orElseThrow()));
        robot.interact(() -> window.importKeras(keras));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(org.convscope.io.Presets.find("lenet5").orElseThrow().layers(), session.getModel().layers());
        assertTrue(session.dirtyProperty().get(), "an import is not saved yet");
        assertEquals("28 x 28 x 6", text(robot, "#edge-1")); // 32 - 5 + 1 = 28

        robot.clickOn("#block-1");
        shortcut(robot, KeyCode.E);
        javafx.scene.control.TextArea code = robot.lookup("#export-code").queryAs(javafx.scene.control.TextArea.class);
        assertTrue(code.getText().contains("layers.Conv2D(6, kernel_size=(5, 5)"), code.getText());
        // Wide enough for every line: no sideways scroll bar.
        boolean sideways = code.lookupAll(".scroll-bar").stream().map(n -> (javafx.scene.control.ScrollBar) n)
                .anyMatch(b -> b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && b.isVisible());
        assertFalse(sideways, "the export dialog cuts its longest line: area " + code.getWidth() + " pref "
                + code.prefWidth(-1) + " cols " + code.getPrefColumnCount() + " window "
                + code.getScene().getWindow().getWidth() + " pane " + code.getScene().getRoot().prefWidth(-1) + " max "
                + ((javafx.scene.layout.Region) code.getScene().getRoot()).getMaxWidth());
        robot.clickOn("Close");
    }

    @Test
    void unsavedChangesAreAskedAboutAndAutosavedForRecovery(FxRobot robot) throws Exception {
        robot.clickOn("#block-1");
        type(robot, "#prop-filters", "16");
        var edited = session.getModel();
        robot.interact(window::flushAutosave);
        Path recovery = home.resolve("autosave/recovery.convscope.json");
        assertEquals(edited, ModelJson.read(recovery));

        // New asks first; Cancel keeps the edit.
        robot.clickOn("#block-3");
        shortcut(robot, KeyCode.N);
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(dialog.getHeaderText().contains("Save the changes"), dialog.getHeaderText());
        robot.clickOn("Cancel");
        assertEquals(edited, session.getModel());

        // A second window on the same home (the app after a crash) offers the copy back.
        ModelSession fresh = new ModelSession();
        robot.interact(() -> {
            Stage other = new Stage();
            MainWindow again = new MainWindow(other, fresh, new CurrentThreadTaskExecutor(), prefs, home);
            other.setScene(again.createScene(900, 700));
            other.show();
            javafx.application.Platform.runLater(again::offerRecovery);
        });
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane offer = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(offer.getHeaderText().contains("closed without saving"), offer.getHeaderText());
        robot.clickOn("Yes");
        assertEquals(edited, fresh.getModel());
        assertTrue(fresh.dirtyProperty().get());
    }
}
