package org.convscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's shortcut table is the one in the code, and the table has no key twice for one place. */
class ShortcutsTest {

    @Test
    void theReadmeHoldsTheGeneratedTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = Shortcuts.markdown();
        assertTrue(readme.contains("## Keyboard shortcuts\n"), "README has no Keyboard shortcuts section");
        assertTrue(readme.contains(table), "README's table differs from Shortcuts.markdown(); replace it with:\n" + table);
        // A row per shortcut, plus the header and its rule.
        assertEquals(Shortcuts.all().size() + 2, table.lines().count());
        assertTrue(table.contains("| Ctrl+Shift+P | Presenter mode (large type) | Everywhere |"), table);
    }

    @Test
    void noKeyMeansTwoThingsInOnePlaceAndMenuKeysAreValid() {
        Set<String> seen = new HashSet<>();
        for (Shortcuts.Shortcut s : Shortcuts.all()) {
            assertTrue(seen.add(s.where() + ": " + s.keys()), "twice: " + s);
            if (s.accelerator() != null) {
                // What the menu shows (Ctrl on Linux and Windows) is what the table says first.
                assertEquals(s.keys().split(" ")[0], s.accelerator().replace("Shortcut+", "Ctrl+"), s.toString());
            }
        }
        assertEquals("Shortcut+Shift+P", Shortcuts.accelerator("menu-presenter"));
    }
}
