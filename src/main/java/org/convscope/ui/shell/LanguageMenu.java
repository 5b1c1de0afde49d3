package org.convscope.ui.shell;

import static org.convscope.ui.common.I18n.tr;

import java.util.prefs.Preferences;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.stage.Window;
import org.convscope.ui.common.Dialogs;
import org.convscope.ui.common.I18n;

/**
 * View &gt; Language: English, Deutsch, Español, each in its own name. The choice is saved in the preferences
 * ({@link I18n#PREF_KEY}) and used from the next start: the screens build their texts once, so switching while
 * they are open would leave half of them in the old language. The note saying so is written in the chosen language
 * first, then in the one on screen.
 */
final class LanguageMenu {

    private LanguageMenu() {
    }

    /**
     * The menu; its ticked item is the language in use until another is chosen.
     *
     * @param prefs where the choice is saved
     * @param owner the window the "after a restart" note belongs to
     * @param vm the status line
     */
    static Menu create(Preferences prefs, Window owner, ShellViewModel vm) {
        Menu menu = new Menu(tr("menu.view.language"));
        menu.setId("menu-language");
        ToggleGroup group = new ToggleGroup();
        for (String language : I18n.LANGUAGES) {
            RadioMenuItem item = new RadioMenuItem(I18n.nativeName(language));
            item.setId("menu-language-" + language);
            item.setToggleGroup(group);
            item.setSelected(language.equals(I18n.locale().getLanguage()));
            item.setOnAction(e -> choose(prefs, owner, vm, language));
            menu.getItems().add(item);
        }
        return menu;
    }

    /**
     * Saves the choice and says what happens, in the chosen language first (its reader may not read the one on screen)
     * and then in the current one: the status line and, when the language changes, a note that it does so after a
     * restart.
     *
     * @return the note, or null when the language stays
     */
    static javafx.scene.control.Alert choose(Preferences prefs, Window owner, ShellViewModel vm, String language) {
        prefs.put(I18n.PREF_KEY, language);
        String name = I18n.nativeName(language);
        if (language.equals(I18n.locale().getLanguage())) {
            vm.showStatus(tr("language.kept", name));
            return null;
        }
        java.util.Locale chosen = java.util.Locale.forLanguageTag(language);
        String header = I18n.trIn(chosen, "language.afterRestart", name);
        vm.showStatus(header + "  ·  " + tr("language.afterRestart", name));
        String details = I18n.trIn(chosen, "language.afterRestart.details");
        return Dialogs.info(owner, header, details + "\n\n" + tr("language.afterRestart", name) + " "
                + tr("language.afterRestart.details"));
    }
}
