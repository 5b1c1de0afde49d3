package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import org.convscope.io.ModelJson;
import org.convscope.io.Presets;
import org.convscope.ui.common.FxTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real main window headless, switches screens, opens presets and files, reads the table. */
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {

    private MainWindow window;
    private ModelSession session;
    private FxTaskExecutor executor;
    private Preferences prefs;
    private Stage stage;
    private Path home;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        try {
            home = java.nio.file.Files.createTempDirectory("convscope-home");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        prefs = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        session = new ModelSession();
        executor = new FxTaskExecutor(1);
        window = new MainWindow(stage, session, executor, prefs, home);
        stage.setScene(window.createScene(1280, 800));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        executor.shutdown();
        prefs.removeNode();
    }

    @SuppressWarnings("unchecked")
    private TableView<?> table(FxRobot robot) {
        return robot.lookup("#summary-table").queryAs(TableView.class);
    }

    private static String cell(TableView<?> table, int column, int row) {
        return String.valueOf(table.getColumns().get(column).getCellData(row));
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void startsOnBuildWithTheDefaultPresetSummary(FxRobot robot) {
        TableView<?> table = table(robot);
        assertEquals(8, table.getItems().size());
        assertEquals("conv2d (Conv2D)", cell(table, 1, 0));
        assertEquals("(None, 30, 30, 32)", cell(table, 2, 0));
        assertEquals("896", cell(table, 3, 0));
        assertEquals("65,600", cell(table, 3, 6));
        assertTrue(text(robot, "#summary-totals").contains("Total params: 122,570"), text(robot, "#summary-totals"));
        assertTrue(stage.getTitle().contains("TensorFlow CIFAR-10 CNN"), stage.getTitle());
    }

    @Test
    void navigationSwitchesScreens(FxRobot robot) {
        robot.clickOn("#nav-stepper");
        assertTrue(robot.lookup("#screen-stepper").tryQuery().isPresent());
        assertFalse(robot.lookup("#screen-build").tryQuery().isPresent());
        robot.clickOn("#nav-train");
        assertTrue(robot.lookup("#screen-train").tryQuery().isPresent());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#screen-build").tryQuery().isPresent());
    }

    @Test
    void choosingAPresetFillsTheTable(FxRobot robot) {
        robot.clickOn("#preset-picker");
        robot.clickOn("VGG16 (ImageNet)");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("vgg16", robot.lookup("#preset-picker").queryAs(ComboBox.class).getValue());
        TableView<?> table = table(robot);
        assertEquals(22, table.getItems().size());
        // Seed 003's VGG16 table: fc1 102764544, predictions 4097000.
        assertEquals("(None, 7, 7, 512)", cell(table, 2, 17));
        assertEquals("102,764,544", cell(table, 3, 19));
        assertEquals("4,097,000", cell(table, 3, 21));
        assertTrue(text(robot, "#summary-totals").contains("Total params: 138,357,544"));
    }

    @Test
    void aGraphPresetShowsWhatEachLayerIsConnectedTo(FxRobot robot) {
        assertFalse(table(robot).getColumns().get(5).isVisible(), "a chain has no Connected to column");
        robot.clickOn("#preset-picker");
        robot.clickOn("ResNet-20");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = table(robot);
        assertEquals("Connected to", table.getColumns().get(5).getText());
        assertTrue(table.getColumns().get(5).isVisible());
        assertEquals("s1b1_add (Add)", cell(table, 1, 8));
        assertEquals("s1b1_bn2, activation", cell(table, 5, 8));
        assertEquals("input", cell(table, 5, 0));
        assertTrue(text(robot, "#summary-totals").contains("Total params: 274,442"), text(robot, "#summary-totals"));
    }

    @Test
    void openingAFileShowsItAndABadFileShowsAClearError(FxRobot robot, @TempDir Path dir) throws Exception {
        Path good = dir.resolve("lenet.convscope.json");
        ModelJson.write(Presets.find("lenet5").orElseThrow(), good);
        robot.interact(() -> window.openFile(good));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> good.equals(session.fileProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.getTitle().startsWith("lenet.convscope.json"), stage.getTitle());
        assertTrue(text(robot, "#summary-totals").contains("Total params: 61,706"));

        Path bad = dir.resolve("bad.convscope.json");
        Files.writeString(bad, "{\"format\":\"convscope-model\",\"version\":1,\"input\":{\"height\":32,"
                + "\"width\":32,\"channels\":3},\"layers\":[{\"type\":\"Conv2D\",\"filters\":8}]}");
        robot.interact(() -> window.openFile(bad));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(dialog.getHeaderText().contains("Cannot open bad.convscope.json"), dialog.getHeaderText());
        String message = ((Label) dialog.getContent()).getText();
        assertTrue(message.contains("$.layers[0].kernel_size") && message.contains("missing"), message);
        robot.clickOn("OK");
        assertEquals(good, session.fileProperty().get(), "a failed open keeps the current model");
    }

    @Test
    void presenterModeEnlargesText(FxRobot robot) {
        Label title = robot.lookup("#model-title").queryAs(Label.class);
        double normal = title.getFont().getSize();
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        Node root = stage.getScene().getRoot();
        assertTrue(root.getStyleClass().contains("presenter"));
        Font big = title.getFont();
        assertTrue(big.getSize() >= normal * 1.5, normal + " -> " + big.getSize());
    }

    @Test
    void enginesWarmUpInTheBackground(FxRobot robot) throws Exception {
        // Record every status the label shows: with ND4J already loaded by an earlier test the warm-up can
        // finish before a single read would see "starting".
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Label engine = robot.lookup("#engine-status").queryAs(Label.class);
        robot.interact(() -> {
            engine.textProperty().addListener((o, a, b) -> seen.add(b));
            window.warmUp(ConvScopeApp.steps());
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> text(robot, "#engine-status").contains("ready")
                || text(robot, "#engine-status").contains("unavailable"));
        String status = text(robot, "#engine-status");
        assertTrue(status.contains("ND4J") && status.contains("OpenCV 4.9.0") && status.contains("ready"), status);
        assertTrue(seen.get(0).startsWith("Engine: starting ND4J"), seen.toString());
    }

    private static java.util.stream.Stream<javafx.scene.control.MenuItem> items(javafx.scene.control.MenuItem item) {
        return item instanceof javafx.scene.control.Menu m
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of(item), m.getItems().stream().flatMap(MainWindowUiTest::items))
                : java.util.stream.Stream.of(item);
    }

    @Test
    void fileExportOffersThePyTorchProjectAndTheOnnxModel() {
        var bar = (javafx.scene.control.MenuBar) stage.getScene().lookup("#menu-bar");
        var all = bar.getMenus().stream().flatMap(MainWindowUiTest::items).toList();
        for (String id : java.util.List.of("menu-export-pytorch", "menu-export-onnx")) {
            var item = all.stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow(() -> new AssertionError(id));
            assertEquals("Export", item.getParentMenu().getText(), id);
            assertEquals("File", item.getParentMenu().getParentMenu().getText(), id);
            assertTrue(item.getOnAction() != null, id);
        }
    }

    @Test
    void helpShowsTheOneShortcutTableAndTheMenusUseIt(FxRobot robot) {
        var bar = (javafx.scene.control.MenuBar) stage.getScene().lookup("#menu-bar");
        var all = bar.getMenus().stream().flatMap(MainWindowUiTest::items).toList();
        int checked = 0;
        for (var item : all) {
            if (item.getAccelerator() == null || item.getId().startsWith("menu-go-") || item.getId().equals("menu-redo-y")) {
                continue; // Ctrl+1..4 and Ctrl+Y are one row each in the table
            }
            var row = Shortcuts.find(item.getId());
            assertTrue(row.isPresent(), item.getId() + " has a key the table does not list");
            assertEquals(javafx.scene.input.KeyCombination.keyCombination(row.get().accelerator()), item.getAccelerator());
            checked++;
        }
        assertEquals(Shortcuts.all().stream().filter(s -> s.accelerator() != null).count(), checked);

        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.layout.GridPane grid = robot.lookup("#shortcuts-table").queryAs(javafx.scene.layout.GridPane.class);
        java.util.List<String> keys = grid.getChildren().stream().filter(n -> n.getStyleClass().contains("mono"))
                .map(n -> ((Label) n).getText()).toList();
        assertEquals(Shortcuts.all().stream().map(Shortcuts.Shortcut::keys).toList(), keys);
        robot.clickOn("Close");
    }

    @Test
    void theLogFolderIsCreatedWhereTheReadmeSaysAndEachScreenHasAGuide(FxRobot robot) {
        assertTrue(Files.isDirectory(home.resolve("logs")), "README: everything goes to $CONVSCOPE_HOME/logs");
        for (String screen : java.util.List.of("build", "stepper", "featuremaps", "train")) {
            assertTrue(HelpDialogs.guides().get(screen).length() > 100, screen);
        }
        robot.clickOn("#nav-stepper");
        robot.clickOn("Help");
        robot.clickOn("Guide to This Screen");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(HelpDialogs.guides().get("stepper"), text(robot, "#guide-text"));
        robot.clickOn("Close");
    }
}
