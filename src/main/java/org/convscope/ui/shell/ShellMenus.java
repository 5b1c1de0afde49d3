package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

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
    private java.util.function.Supplier<Menu> languageMenu = () -> new Menu(tr("menu.view.language"));

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

    /** View &gt; Language's menu (call before {@link #create}). */
    void setLanguageMenu(java.util.function.Supplier<Menu> menu) {
        this.languageMenu = menu;
    }

    /** Builds the menu bar for these screens. */
    MenuBar create(Collection<Screen> screens, BuildScreen build) {
        MenuBar bar = new MenuBar(fileMenu(), editMenu(build), viewMenu(screens), helpMenu(screens));
        bar.setId("menu-bar");
        return bar;
    }

    private Menu fileMenu() {
        MenuItem newItem = item(tr("menu.file.new"), "menu-new", () -> {
            if (unsaved.confirmDiscard(tr("action.newModel"))) {
                endLesson();
                session.newModel();
                vm.showStatus(tr("status.newModel"));
            }
        });
        Menu fromPreset = new Menu(tr("menu.file.newFromPreset"));
        for (String id : Presets.ids()) {
            fromPreset.getItems().add(item(org.convscope.io.PresetTexts.nameOf(id), "menu-preset-" + id, () -> {
                if (unsaved.confirmDiscard(tr("action.loadPreset"))) {
                    endLesson();
                    session.usePreset(id);
                    vm.screenProperty().set("build");
                }
            }));
        }
        MenuItem saveWeights = item(tr("menu.file.saveTrained"), "menu-save-trained", unsaved::saveWeights);
        saveWeights.disableProperty().bind(session.trainedProperty().isNull());
        MenuItem saveLesson = item(tr("menu.file.saveLesson"), "menu-save-lesson", () -> lessons.saveWithDialog());
        saveLesson.setVisible(lessons != null);
        return new Menu(tr("menu.file"), null, newItem, fromPreset, item(tr("menu.file.open"), "menu-open", files::openWithChooser),
                files.recentMenu(), new SeparatorMenuItem(), item(tr("menu.file.save"), "menu-save", files::save),
                item(tr("menu.file.saveAs"), "menu-save-as", files::saveAs), saveWeights, saveLesson, new SeparatorMenuItem(),
                item(tr("menu.file.importKeras"), "menu-import-keras", files::importKerasWithChooser),
                exportMenu(), new SeparatorMenuItem(), item(tr("menu.file.quit"), "menu-quit", quit));
    }

    private Menu exportMenu() {
        return new Menu(tr("menu.export"), null,
                item(tr("menu.export.kerasPython"), "menu-export-keras", () -> CodeExportDialog.show(stage,
                        tr("export.kerasPython.title"), org.convscope.io.KerasCode.python(session.getModel()),
                        FileActions.safeName(session) + ".py", new FileChooser.ExtensionFilter(tr("filter.python"), "*.py"))),
                item(tr("menu.export.dl4j"), "menu-export-dl4j", () -> CodeExportDialog.show(stage,
                        tr("export.dl4j.title"), org.convscope.io.Dl4jCode.java(session.getModel()),
                        org.convscope.io.Dl4jCode.CLASS_NAME + ".java",
                        new FileChooser.ExtensionFilter(tr("filter.java"), "*.java"))),
                item(tr("menu.export.kerasJson"), "menu-export-keras-json", () -> CodeExportDialog.show(stage,
                        tr("export.kerasJson.title"), org.convscope.io.KerasJson.export(session.getModel()),
                        FileActions.safeName(session) + ".keras.json",
                        new FileChooser.ExtensionFilter(tr("filter.json"), "*.json"))),
                new SeparatorMenuItem(),
                item(tr("menu.export.pytorch"), "menu-export-pytorch", exports::pytorchWithChooser),
                item(tr("menu.export.onnx"), "menu-export-onnx", exports::onnxWithChooser));
    }

    private Menu editMenu(BuildScreen build) {
        MenuItem undo = item(tr("menu.edit.undo"), "menu-undo", session::undo);
        undo.textProperty().bind(described("menu.edit.undo", session.undoTextProperty()));
        undo.disableProperty().bind(session.undoTextProperty().isEmpty());
        MenuItem redo = item(tr("menu.edit.redo"), "menu-redo", session::redo);
        redo.textProperty().bind(described("menu.edit.redo", session.redoTextProperty()));
        redo.disableProperty().bind(session.redoTextProperty().isEmpty());
        MenuItem redoY = item(tr("menu.edit.redo"), "menu-redo-y", session::redo);
        redoY.setAccelerator(KeyCombination.keyCombination("Shortcut+Y")); // the second key for Redo in Shortcuts
        redoY.setVisible(false);
        MenuItem duplicate = item(tr("menu.edit.duplicate"), "menu-duplicate", build::duplicateSelected);
        MenuItem delete = item(tr("menu.edit.delete"), "menu-delete", build::deleteSelected);
        return new Menu(tr("menu.edit"), null, undo, redo, redoY, new SeparatorMenuItem(), duplicate, delete);
    }

    /** "Undo" alone, or "Undo Add Conv2D" ({@code verbKey}'s text, or its {@code .what} text with the step). */
    private static javafx.beans.binding.StringBinding described(String verbKey, ReadOnlyStringProperty what) {
        return Bindings.createStringBinding(() -> what.get().isEmpty() ? tr(verbKey) : tr(verbKey + ".what", what.get()),
                what);
    }

    private Menu viewMenu(Collection<Screen> screens) {
        CheckMenuItem presenter = new CheckMenuItem(tr("menu.view.presenter"));
        presenter.setId("menu-presenter");
        presenter.setAccelerator(KeyCombination.keyCombination(Shortcuts.accelerator("menu-presenter")));
        presenter.selectedProperty().bindBidirectional(vm.presenterModeProperty());
        CheckMenuItem dark = new CheckMenuItem(tr("menu.view.dark"));
        dark.setId("menu-dark");
        dark.setAccelerator(KeyCombination.keyCombination(Shortcuts.accelerator("menu-dark")));
        dark.selectedProperty().bindBidirectional(vm.darkThemeProperty());
        CheckMenuItem contrast = new CheckMenuItem(tr("menu.view.highContrast"));
        contrast.setId("menu-high-contrast");
        contrast.setAccelerator(KeyCombination.keyCombination(Shortcuts.accelerator("menu-high-contrast")));
        contrast.selectedProperty().bindBidirectional(vm.highContrastProperty());
        Menu view = new Menu(tr("menu.view"), null, presenter, dark, contrast, languageMenu.get(), new SeparatorMenuItem());
        if (lessonPanel != null) {
            CheckMenuItem notes = new CheckMenuItem(tr("menu.view.lessonNotes"));
            notes.setId("menu-lesson-notes");
            notes.setSelected(true);
            lessonPanel.hiddenProperty().addListener((o, a, hidden) -> notes.setSelected(!hidden));
            notes.setOnAction(e -> lessonPanel.hiddenProperty().set(!notes.isSelected()));
            notes.disableProperty().bind(lessonPanel.openProperty().not());
            view.getItems().add(4, notes);
        }
        int n = 1;
        for (Screen s : screens) {
            String id = s.id();
            MenuItem go = item(tr("menu.view.goTo", s.title()), "menu-go-" + id, () -> vm.screenProperty().set(id));
            go.setAccelerator(KeyCombination.keyCombination("Shortcut+" + n++)); // "Ctrl+1 ... Ctrl+5" in Shortcuts
            view.getItems().add(go);
        }
        return view;
    }

    private Menu helpMenu(Collection<Screen> screens) {
        Menu guides = new Menu(tr("menu.help.guide"));
        guides.setId("menu-guides");
        for (Screen s : screens) {
            guides.getItems().add(item(s.title(), "menu-guide-" + s.id(), () -> help.showGuide(s.id(), s.title())));
        }
        MenuItem thisScreen = item(tr("menu.help.guideThisScreen"), "menu-guide", () -> screens.stream()
                .filter(s -> s.id().equals(vm.screenProperty().get())).findFirst()
                .ifPresent(s -> help.showGuide(s.id(), s.title())));
        Menu lessonMenu = new Menu(tr("menu.help.lessons"));
        lessonMenu.setId("menu-lessons");
        for (var l : org.convscope.app.BundledLessons.ALL) {
            lessonMenu.getItems().add(item(tr("lesson.bundled." + l.id()), "menu-lesson-" + l.id(), () -> lessons.openBundled(l.id())));
        }
        lessonMenu.setVisible(lessons != null);
        return new Menu(tr("menu.help"), null, item(tr("menu.help.shortcuts"), "menu-shortcuts", help::showShortcuts), thisScreen,
                guides, lessonMenu, new SeparatorMenuItem(), item(tr("menu.help.logFolder"), "menu-log-folder", help::openLogFolder),
                item(tr("menu.help.about"), "menu-about", () -> help.showAbout(vm.engineStatusProperty().get())));
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
