package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.convscope.ui.common.I18n;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * View &gt; Language keeps the choice and says that it takes effect after a restart in the chosen language first (its
 * reader may not read the one on screen), then in the current one; the screens keep their language until then.
 */
@ExtendWith(ApplicationExtension.class)
class LanguageMenuUiTest {

    private Stage stage;
    private Preferences prefs;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        I18n.setLocale(Locale.ENGLISH);
        this.stage = stage;
        prefs = Preferences.userRoot().node("convscope-test-" + UUID.randomUUID());
        stage.setScene(new Scene(new StackPane(new Label("window")), 800, 600));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        I18n.setLocale(Locale.ENGLISH);
        try {
            prefs.removeNode();
        } catch (java.util.prefs.BackingStoreException e) {
            // another build holds the preferences' file lock; the node is a throwaway one
        }
    }

    @Test
    void choosingGermanSaysSoInGermanFirstAndKeepsTheChoice(FxRobot robot) {
        ShellViewModel vm = new ShellViewModel();
        AtomicReference<Alert> note = new AtomicReference<>();
        robot.interact(() -> note.set(LanguageMenu.choose(prefs, stage, vm, "de")));
        assertEquals("de", prefs.get(I18n.PREF_KEY, null), "the choice is saved for the next start");
        assertEquals(Locale.ENGLISH, I18n.locale(), "the screens keep English until the restart");
        assertEquals("Die Sprache wechselt nach einem Neustart zu Deutsch.", note.get().getHeaderText());
        String text = ((Label) note.get().getDialogPane().getContent()).getText();
        assertTrue(text.startsWith("Die Auswahl ist gespeichert. Beenden Sie ConvScope und starten Sie es neu"), text);
        assertTrue(text.contains("\n\nThe language changes to Deutsch after a restart. The choice is saved."), text);
        assertEquals("Die Sprache wechselt nach einem Neustart zu Deutsch.  \u00b7  "
                + "The language changes to Deutsch after a restart.", vm.statusProperty().get());
        robot.interact(() -> note.get().close());
    }

    @Test
    void fromGermanToSpanishTheSpanishComesFirst(FxRobot robot) {
        I18n.setLocale(Locale.GERMAN);
        ShellViewModel vm = new ShellViewModel();
        AtomicReference<Alert> note = new AtomicReference<>();
        robot.interact(() -> note.set(LanguageMenu.choose(prefs, stage, vm, "es")));
        assertEquals("El idioma cambia a Español tras reiniciar.", note.get().getHeaderText());
        assertTrue(((Label) note.get().getDialogPane().getContent()).getText()
                .contains("Die Sprache wechselt nach einem Neustart zu Español."));
        robot.interact(() -> note.get().close());
    }

    @Test
    void theLanguageInUseIsKeptWithoutANote(FxRobot robot) {
        ShellViewModel vm = new ShellViewModel();
        AtomicReference<Alert> note = new AtomicReference<>();
        robot.interact(() -> note.set(LanguageMenu.choose(prefs, stage, vm, "en")));
        assertNull(note.get());
        assertEquals("en", prefs.get(I18n.PREF_KEY, null));
        assertEquals("The language stays English.", vm.statusProperty().get());
    }
}
