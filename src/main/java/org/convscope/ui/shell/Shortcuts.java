package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.convscope.ui.common.I18n;

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

    /**
     * The table in the language now in use. Built again when the language changes (the app chooses it once; tests
     * switch it), so the texts are never a language behind.
     */
    private static List<Shortcut> table() {
        String everywhere = tr("shortcut.where.everywhere");
        String build = tr("shortcut.where.build");
        String stepper = tr("shortcut.where.stepper");
        String maps = tr("shortcut.where.maps");
        String train = tr("shortcut.where.train");
        String learn = tr("shortcut.where.learn");
        return List.of(
                menu(everywhere, tr("shortcut.1.keys"), tr("shortcut.1.action"), "menu-new", "Shortcut+N"),
                menu(everywhere, tr("shortcut.2.keys"), tr("shortcut.2.action"), "menu-open", "Shortcut+O"),
                menu(everywhere, tr("shortcut.3.keys"), tr("shortcut.3.action"), "menu-save", "Shortcut+S"),
                menu(everywhere, tr("shortcut.4.keys"), tr("shortcut.4.action"), "menu-save-as", "Shortcut+Shift+S"),
                menu(everywhere, tr("shortcut.5.keys"), tr("shortcut.5.action"),
                        "menu-export-keras", "Shortcut+E"),
                menu(everywhere, tr("shortcut.6.keys"), tr("shortcut.6.action"), "menu-quit", "Shortcut+Q"),
                menu(everywhere, tr("shortcut.7.keys"), tr("shortcut.7.action"), "menu-undo", "Shortcut+Z"),
                menu(everywhere, tr("shortcut.8.keys"), tr("shortcut.8.action"), "menu-redo", "Shortcut+Shift+Z"),
                menu(everywhere, tr("shortcut.9.keys"), tr("shortcut.9.action"), null,
                        null),
                menu(everywhere, tr("shortcut.10.keys"), tr("shortcut.10.action"), "menu-presenter", "Shortcut+Shift+P"),
                menu(everywhere, tr("shortcut.11.keys"), tr("shortcut.11.action"), "menu-dark", "Shortcut+Shift+D"),
                menu(everywhere, tr("shortcut.37.keys"), tr("shortcut.37.action"), "menu-high-contrast", "Shortcut+Shift+H"),
                menu(everywhere, tr("shortcut.38.keys"), tr("shortcut.38.action"), null, null),
                menu(everywhere, tr("shortcut.12.keys"), tr("shortcut.12.action"), "menu-shortcuts", "F1"),
                new Shortcut(tr("shortcut.13.keys"), tr("shortcut.13.action"), build, null, null),
                new Shortcut(tr("shortcut.14.keys"), tr("shortcut.14.action"), build, null, null),
                new Shortcut(tr("shortcut.15.keys"), tr("shortcut.15.action"), build, "menu-delete", null),
                new Shortcut(tr("shortcut.16.keys"), tr("shortcut.16.action"), build, "menu-duplicate", "Shortcut+D"),
                new Shortcut(tr("shortcut.17.keys"), tr("shortcut.17.action"), build, null, null),
                new Shortcut(tr("shortcut.33.keys"), tr("shortcut.33.action"), build, null, null),
                new Shortcut(tr("shortcut.34.keys"), tr("shortcut.34.action"), build, null, null),
                new Shortcut(tr("shortcut.35.keys"), tr("shortcut.35.action"), build, null, null),
                new Shortcut(tr("shortcut.36.keys"), tr("shortcut.36.action"), build, null, null),
                new Shortcut(tr("shortcut.18.keys"), tr("shortcut.18.action"), stepper, null, null),
                new Shortcut(tr("shortcut.19.keys"), tr("shortcut.19.action"), stepper, null, null),
                new Shortcut(tr("shortcut.20.keys"), tr("shortcut.20.action"), stepper, null, null),
                new Shortcut(tr("shortcut.21.keys"), tr("shortcut.21.action"), stepper, null, null),
                new Shortcut(tr("shortcut.22.keys"), tr("shortcut.22.action"), stepper, null, null),
                new Shortcut(tr("shortcut.39.keys"), tr("shortcut.39.action"), stepper, null, null),
                new Shortcut(tr("shortcut.23.keys"), tr("shortcut.23.action"), maps, null, null),
                new Shortcut(tr("shortcut.24.keys"), tr("shortcut.24.action"), maps, null, null),
                new Shortcut(tr("shortcut.25.keys"), tr("shortcut.25.action"), maps, null, null),
                new Shortcut(tr("shortcut.26.keys"), tr("shortcut.26.action"), train,
                        null, null),
                new Shortcut(tr("shortcut.40.keys"), tr("shortcut.40.action"), train, null, null),
                new Shortcut(tr("shortcut.27.keys"), tr("shortcut.27.action"), train, null, null),
                new Shortcut(tr("shortcut.28.keys"), tr("shortcut.28.action"), learn, null, null),
                new Shortcut(tr("shortcut.29.keys"), tr("shortcut.29.action"), learn, null, null),
                new Shortcut(tr("shortcut.30.keys"), tr("shortcut.30.action"), learn, null, null),
                new Shortcut(tr("shortcut.31.keys"), tr("shortcut.31.action"), learn, null, null),
                new Shortcut(tr("shortcut.32.keys"), tr("shortcut.32.action"), learn, null, null),
                new Shortcut(tr("shortcut.39.keys"), tr("shortcut.39.action"), learn, null, null));
    }

    private static Locale builtFor;
    private static List<Shortcut> all;

    private Shortcuts() {
    }

    private static Shortcut menu(String everywhere, String keys, String action, String menuId, String accelerator) {
        return new Shortcut(keys, action, everywhere, menuId, accelerator);
    }

    /** Every shortcut, the ones that work everywhere first, then screen by screen. */
    static synchronized List<Shortcut> all() {
        if (!I18n.locale().equals(builtFor)) {
            all = table();
            builtFor = I18n.locale();
        }
        return all;
    }

    /** The accelerator of the menu item {@code menuId}, or null if it has none. */
    static String accelerator(String menuId) {
        return find(menuId).map(Shortcut::accelerator).orElse(null);
    }

    /** The shortcut of the menu item {@code menuId}. */
    static Optional<Shortcut> find(String menuId) {
        return all().stream().filter(s -> menuId.equals(s.menuId())).findFirst();
    }

    /** The table as Markdown, as the README holds it. */
    static String markdown() {
        StringBuilder sb = new StringBuilder("| keys | action | where |\n|---|---|---|\n");
        for (Shortcut s : all()) {
            sb.append("| ").append(s.keys()).append(" | ").append(s.action()).append(" | ").append(s.where())
                    .append(" |\n");
        }
        return sb.toString();
    }
}
