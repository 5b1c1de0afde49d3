package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the app writes: the property, then $CONVSCOPE_HOME, then ~/.convscope; never the real home in these tests. */
class AppFoldersTest {

    @Test
    void thePropertyWinsThenTheVariableThenTheUsersHome() {
        assertEquals(Path.of("/p"), AppFolders.resolve("/p", "/v", "/home/ann").home());
        assertEquals(Path.of("/v"), AppFolders.resolve(null, "/v", "/home/ann").home());
        assertEquals(Path.of("/v"), AppFolders.resolve("  ", "/v", "/home/ann").home(), "a blank property is unset");
        assertEquals(Path.of("/home/ann/.convscope"), AppFolders.resolve(null, "", "/home/ann").home(),
                "a blank variable is unset");
    }

    @Test
    void everyFolderTheReadmeNamesLiesInTheHome() {
        AppFolders f = new AppFolders(Path.of("/h"));
        assertEquals(Path.of("/h/autosave"), f.autosave());
        assertEquals(Path.of("/h/logs"), f.logs());
        assertEquals(Path.of("/h/datasets"), f.datasets());
        assertEquals(Path.of("/h/cache"), f.cache());
        assertEquals(Path.of("/h/javacpp"), f.javacpp());
        assertEquals(Path.of("/h/javafx"), f.javafx());
    }

    @Test
    void currentFollowsTheSystemPropertyAndCreatesTheLogsThere(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("convscope-home");
        String before = System.getProperty(AppFolders.HOME_PROPERTY);
        System.setProperty(AppFolders.HOME_PROPERTY, home.toString());
        try {
            AppFolders current = AppFolders.current();
            assertEquals(home.resolve("datasets"), current.datasets(), "the dataset cache follows the home");
            assertFalse(Files.exists(home));
            assertEquals(home.resolve("logs"), current.createLogs());
            assertTrue(Files.isDirectory(home.resolve("logs")));
        } finally {
            if (before == null) {
                System.clearProperty(AppFolders.HOME_PROPERTY);
            } else {
                System.setProperty(AppFolders.HOME_PROPERTY, before);
            }
        }
    }
}
