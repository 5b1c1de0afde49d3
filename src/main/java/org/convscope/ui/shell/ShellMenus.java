package org.convscope.ui.shell;

import java.util.Collection;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.convscope.io.Presets;
import org.convscope.ui.canvas.BuildScreen;
import org.convscope.ui.common.ModelSession;
import org.convscope.ui.common.Screen;

/** The main window's menu bar: File, Edit, View and Help; accelerators come from {@link Shortcuts}. */
final class ShellMenus {

    private final Stage stage;
    private final ModelSession session;
    private final ShellViewModel vm;
    private final FileActions files;
    private final ExportActions exports;
    private final UnsavedWork unsaved;
    private final HelpDialogs help;
    private final Runnable quit;
    private LessonActions lessons;
    private LessonPanel lessonPanel;

    /**
     * @param quit File &gt; Quit (asks about unsaved work, then closes)
     */
    ShellMenus(Stage stage, ModelSession session, ShellViewModel vm, FileActions files, ExportActions exports,
               UnsavedWork unsaved, HelpDialogs help, Runnable quit) {
        this.stage = stage;
        this.session = session;
        this.vm = vm;
        this.files = files;
        this.exports = exports;
        this.unsaved = unsaved;
        this.help = help;
        this.quit = quit;
    }

    /** Adds File &gt; Save Lesson, View &gt; Lesson Notes and Help &gt; Lessons (call before {@link #create}). */
    void setLessons(LessonActions actions, LessonPanel panel) {
        this.lessons = actions;
        this.lessonPanel = panel;
    }

    /** Builds the menu bar for these screens. */
    MenuBar create(Collection<Screen> screens, BuildScreen build) {
        MenuBar bar = new MenuBar(fileMenu(), editMenu(build), viewMenu(screens), helpMenu(screens));
        bar.setId("menu-bar");
        return bar;
    }

    private Menu fileMenu() {
        MenuItem newItem = item("New", "menu-new", () -> {
            if (unsaved.confirmDiscard("start a new model")) {
                endLesson();
                session.newModel();
                vm.showStatus("New model from the default preset");
            }
        });
        Menu fromPreset = new Menu("New from Preset");
        for (String id : Presets.ids()) {
            fromPreset.getItems().add(item(Presets.find(id).orElseThrow().name(), "menu-preset-" + id, () -> {
                if (unsaved.confirmDiscard("load the preset")) {
                    endLesson();
                    session.usePreset(id);
                    vm.screenProperty().set("build");
                }
            }));
        }
        MenuItem saveWeights = item("Save Trained Model...", "menu-save-trained", unsaved::saveWeights);
        saveWeights.disableProperty().bind(session.trainedProperty().isNull());
        MenuItem saveLesson = item("Save Lesson...", "menu-save-lesson", () -> lessons.saveWithDialog());
        saveLesson.setVisible(lessons != null);
        return new Menu("File", null, newItem, fromPreset, item("Open...", "menu-open", files::openWithChooser),
                files.recentMenu(), new SeparatorMenuItem(), item("Save", "menu-save", files::save),
                item("Save As...", "menu-save-as", files::saveAs), saveWeights, saveLesson, new SeparatorMenuItem(),
                item("Import Keras Model (.h5, JSON)...", "menu-import-keras", files::importKerasWithChooser),
                exportMenu(), new SeparatorMenuItem(), item("Quit", "menu-quit", quit));
    }

    private Menu exportMenu() {
        return new Menu("Export", null,
                item("Keras Python Code...", "menu-export-keras", () -> CodeExportDialog.show(stage,
                        "Keras Python code", org.convscope.io.KerasCode.python(session.getModel()),
                        FileActions.safeName(session) + ".py", new FileChooser.ExtensionFilter("Python (*.py)", "*.py"))),
                item("DL4J Java Code...", "menu-export-dl4j", () -> CodeExportDialog.show(stage,
                        "DL4J Java configuration", org.convscope.io.Dl4jCode.java(session.getModel()),
                        org.convscope.io.Dl4jCode.CLASS_NAME + ".java",
                        new FileChooser.ExtensionFilter("Java (*.java)", "*.java"))),
                item("Keras JSON (model.to_json())...", "menu-export-keras-json", () -> CodeExportDialog.show(stage,
                        "Keras model JSON", org.convscope.io.KerasJson.export(session.getModel()),
                        FileActions.safeName(session) + ".keras.json",
                        new FileChooser.ExtensionFilter("JSON (*.json)", "*.json"))),
                new SeparatorMenuItem(),
                item("PyTorch Project...", "menu-export-pytorch", exports::pytorchWithChooser),
                item("ONNX Model...", "menu-export-onnx", exports::onnxWithChooser));
    }

    private Menu editMenu(BuildScreen build) {
        MenuItem undo = item("Undo", "menu-undo", session::undo);
        undo.textProperty().bind(described("Undo", session.undoTextProperty()));
        undo.disableProperty().bind(session.undoTextProperty().isEmpty());
        MenuItem redo = item("Redo", "menu-redo", session::redo);
        redo.textProperty().bind(described("Redo", session.redoTextProperty()));
        redo.disableProperty().bind(session.redoTextProperty().isEmpty());
        MenuItem redoY = item("Redo", "menu-redo-y", session::redo);
        redoY.setAccelerator(KeyCombination.keyCombination("Shortcut+Y")); // the second key for Redo in Shortcuts
        redoY.setVisible(false);
        MenuItem duplicate = item("Duplicate Layer", "menu-duplicate", build::duplicateSelected);
        MenuItem delete = item("Delete Layer", "menu-delete", build::deleteSelected);
        return new Menu("Edit", null, undo, redo, redoY, new SeparatorMenuItem(), duplicate, delete);
    }

    private static javafx.beans.binding.StringBinding described(String verb, ReadOnlyStringProperty what) {
        return Bindings.createStringBinding(() -> what.get().isEmpty() ? verb : verb + " " + what.get(), what);
    }

    private Menu viewMenu(Collection<Screen> screens) {
        CheckMenuItem presenter = new CheckMenuItem("Presenter mode (large type)");
        presenter.setId("menu-presenter");
        presenter.setAccelerator(KeyCombination.keyCombination(Shortcuts.accelerator("menu-presenter")));
        presenter.selectedProperty().bindBidirectional(vm.presenterModeProperty());
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setId("menu-dark");
        dark.setAccelerator(KeyCombination.keyCombination(Shortcuts.accelerator("menu-dark")));
        dark.selectedProperty().bindBidirectional(vm.darkThemeProperty());
        Menu view = new Menu("View", null, presenter, dark, new SeparatorMenuItem());
        if (lessonPanel != null) {
            CheckMenuItem notes = new CheckMenuItem("Lesson Notes");
            notes.setId("menu-lesson-notes");
            notes.setSelected(true);
            lessonPanel.hiddenProperty().addListener((o, a, hidden) -> notes.setSelected(!hidden));
            notes.setOnAction(e -> lessonPanel.hiddenProperty().set(!notes.isSelected()));
            notes.disableProperty().bind(lessonPanel.openProperty().not());
            view.getItems().add(2, notes);
        }
        int n = 1;
        for (Screen s : screens) {
            String id = s.id();
            MenuItem go = item("Go to " + s.title(), "menu-go-" + id, () -> vm.screenProperty().set(id));
            go.setAccelerator(KeyCombination.keyCombination("Shortcut+" + n++)); // "Ctrl+1 ... Ctrl+5" in Shortcuts
            view.getItems().add(go);
        }
        return view;
    }

    private Menu helpMenu(Collection<Screen> screens) {
        Menu guides = new Menu("Guide");
        guides.setId("menu-guides");
        for (Screen s : screens) {
            guides.getItems().add(item(s.title(), "menu-guide-" + s.id(), () -> help.showGuide(s.id(), s.title())));
        }
        MenuItem thisScreen = item("Guide to This Screen", "menu-guide", () -> screens.stream()
                .filter(s -> s.id().equals(vm.screenProperty().get())).findFirst()
                .ifPresent(s -> help.showGuide(s.id(), s.title())));
        Menu lessonMenu = new Menu("Lessons");
        lessonMenu.setId("menu-lessons");
        for (var l : org.convscope.app.BundledLessons.ALL) {
            lessonMenu.getItems().add(item(l.title(), "menu-lesson-" + l.id(), () -> lessons.openBundled(l.id())));
        }
        lessonMenu.setVisible(lessons != null);
        return new Menu("Help", null, item("Keyboard Shortcuts", "menu-shortcuts", help::showShortcuts), thisScreen,
                guides, lessonMenu, new SeparatorMenuItem(), item("Open Log Folder", "menu-log-folder", help::openLogFolder),
                item("About ConvScope", "menu-about", () -> help.showAbout(vm.engineStatusProperty().get())));
    }

    private void endLesson() {
        if (lessons != null) {
            lessons.end();
        }
    }

    /** A menu item; its accelerator, if any, is the one {@link Shortcuts} gives its id. */
    private static MenuItem item(String text, String id, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setMnemonicParsing(false); // texts carry layer and file names with underscores
        item.setId(id);
        String accelerator = Shortcuts.accelerator(id);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }
}
