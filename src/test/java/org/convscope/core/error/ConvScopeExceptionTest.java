package org.convscope.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.convscope.data.CifarFormatException;
import org.convscope.imaging.ImageLoadException;
import org.convscope.io.ModelFileException;
import org.junit.jupiter.api.Test;

/** One hierarchy: every loader's own error is a ConvScopeException with a message for the user and a detail for logs. */
class ConvScopeExceptionTest {

    @Test
    void messageForTheUserDetailForTheLog() {
        ConvScopeException e = new ImageLoadException("cat.png is truncated", new IOException("EOF at byte 812"));
        assertEquals("cat.png is truncated", e.userMessage());
        assertTrue(e.detail().contains("caused by java.io.IOException: EOF at byte 812"), e.detail());
        assertTrue(new ModelFileException("$.layers[2].filters", "must be at least 1") instanceof ConvScopeException);
        assertTrue(new CifarFormatException("data_batch_1.bin: label 12") instanceof ConvScopeException);
        assertEquals("ConvScopeException", new ConvScopeException("").userMessage(), "never blank");
    }
}
