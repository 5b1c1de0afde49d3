package org.convscope.ui.shell;

import java.util.List;
import java.util.Optional;

/**
 * The one table of keyboard shortcuts. The menus take their accelerators from it, Help &gt; Keyboard Shortcuts shows
 * it, and the README's "Keyboard shortcuts" table is {@link #markdown()} (a test checks that they are the same), so
 * the three never disagree.
 */
final class Shortcuts {

    /**
     * One shortcut.
     *
     * @param keys what to press, as the user reads it, e.g. {@code Ctrl+Shift+Z (Ctrl+Y)}
     * @param action what it does
     * @param where {@code Everywhere} or the screen it works on
     * @param menuId the id of the menu item it belongs to, or null for a key a screen handles itself
     * @param accelerator the menu item's {@link javafx.scene.input.KeyCombination} text, or null
     */
    record Shortcut(String keys, String action, String where, String menuId, String accelerator) {
    }

    static final String EVERYWHERE = "Everywhere";
    static final String BUILD = "Build";
    static final String STEPPER = "Convolution & Pooling";
    static final String MAPS = "Feature maps & Filters";
    static final String TRAIN = "Train";
    static final String LEARN = "Learn";

    private static final List<Shortcut> ALL = List.of(
            menu("Ctrl+N", "New model (from the default preset)", "menu-new", "Shortcut+N"),
            menu("Ctrl+O", "Open a model, a trained model or a Keras .h5 file", "menu-open", "Shortcut+O"),
            menu("Ctrl+S", "Save the model", "menu-save", "Shortcut+S"),
            menu("Ctrl+Shift+S", "Save the model as a new file", "menu-save-as", "Shortcut+Shift+S"),
            menu("Ctrl+E", "Export Keras Python code (File > Export also has DL4J Java and Keras JSON)",
                    "menu-export-keras", "Shortcut+E"),
            menu("Ctrl+Q", "Quit (asks about unsaved work first)", "menu-quit", "Shortcut+Q"),
            menu("Ctrl+Z", "Undo (unlimited; typing in one field is one step)", "menu-undo", "Shortcut+Z"),
            menu("Ctrl+Shift+Z (Ctrl+Y)", "Redo", "menu-redo", "Shortcut+Shift+Z"),
            menu("Ctrl+1 ... Ctrl+5", "Switch screens: Build, Convolution & Pooling, Feature maps, Train, Learn", null,
                    null),
            menu("Ctrl+Shift+P", "Presenter mode (large type)", "menu-presenter", "Shortcut+Shift+P"),
            menu("Ctrl+Shift+D", "Dark theme", "menu-dark", "Shortcut+Shift+D"),
            menu("F1", "Help: keyboard shortcuts and a guide to each screen", "menu-shortcuts", "F1"),
            new Shortcut("Arrows, Home, End", "Select the previous / next / first / last block", BUILD, null, null),
            new Shortcut("Enter", "Edit the selected block's properties", BUILD, null, null),
            new Shortcut("Delete", "Remove the selected layer", BUILD, "menu-delete", null),
            new Shortcut("Ctrl+D", "Duplicate the selected layer", BUILD, "menu-duplicate", "Shortcut+D"),
            new Shortcut("Enter, Space (on the palette)", "Add the layer after the selected block", BUILD, null, null),
            new Shortcut("Right or Space, Left", "Next step, previous step", STEPPER, null, null),
            new Shortcut("Home, End", "First step, last step", STEPPER, null, null),
            new Shortcut("P", "Play / pause", STEPPER, null, null),
            new Shortcut("Q", "Quiz mode on / off", STEPPER, null, null),
            new Shortcut("Enter, Esc (quiz)", "Answer and go on; leave the quiz", STEPPER, null, null),
            new Shortcut("Tab, Enter", "Open a map tile's numbers", MAPS, null, null),
            new Shortcut("Q", "Quiz: which filter made this map?", MAPS, null, null),
            new Shortcut("1 ... 4, Enter, Esc (quiz)", "Choose a filter; next map; back to the grid", MAPS, null, null),
            new Shortcut("Enter (on a matrix cell or image)", "Show the cell's images; predict the image", TRAIN,
                    null, null),
            new Shortcut("Esc (embeddings plot)", "Clear the selected points", TRAIN, null, null),
            new Shortcut("Right or Space, Left", "Next step, previous step", LEARN, null, null),
            new Shortcut("Home, End", "First step, last step of the stage", LEARN, null, null),
            new Shortcut("Page Down, Page Up", "Next stage, previous stage", LEARN, null, null),
            new Shortcut("Q", "Quiz mode on / off: predict each gradient and updated weight", LEARN, null, null),
            new Shortcut("Enter, Esc (quiz)", "Answer and go on; leave the quiz", LEARN, null, null));

    private Shortcuts() {
    }

    private static Shortcut menu(String keys, String action, String menuId, String accelerator) {
        return new Shortcut(keys, action, EVERYWHERE, menuId, accelerator);
    }

    /** Every shortcut, the ones that work everywhere first, then screen by screen. */
    static List<Shortcut> all() {
        return ALL;
    }

    /** The accelerator of the menu item {@code menuId}, or null if it has none. */
    static String accelerator(String menuId) {
        return find(menuId).map(Shortcut::accelerator).orElse(null);
    }

    /** The shortcut of the menu item {@code menuId}. */
    static Optional<Shortcut> find(String menuId) {
        return ALL.stream().filter(s -> menuId.equals(s.menuId())).findFirst();
    }

    /** The table as Markdown, as the README holds it. */
    static String markdown() {
        StringBuilder sb = new StringBuilder("| keys | action | where |\n|---|---|---|\n");
        for (Shortcut s : ALL) {
            sb.append("| ").append(s.keys()).append(" | ").append(s.action()).append(" | ").append(s.where())
                    .append(" |\n");
        }
        return sb.toString();
    }
}
