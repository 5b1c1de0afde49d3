package org.convscope.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

    @Test
    void tfCifarCnnByHand() {
        MemoryEstimate m = MemoryEstimate.of(ModelAnalyzer.analyze(Presets.find("tf-cifar-cnn").orElseThrow()));
        assertEquals(122_570L * 4, m.weightBytes());
        // input 3072 + 28800 + 7200 + 10816 + 2304 + 1024 + 1024 + 64 + 10 = 54314 floats
        assertEquals(54_314L * 4, m.activationBytesPerImage());
        assertEquals(122_570L * 4 + 54_314L * 4, m.inferenceBytes());
        assertEquals(4 * 122_570L * 4 + 2 * 54_314L * 4 * 64, m.trainingBytes(64));
    }

    @Test
    void vgg16NeedsMoreThanHalfAGigabyteAndTheMessageSaysSo() {
        MemoryEstimate m = MemoryEstimate.of(ModelAnalyzer.analyze(Presets.find("vgg16").orElseThrow()));
        assertEquals("527.8 MB", MemoryEstimate.human(m.weightBytes()));
        String msg = MemoryEstimate.check(m.inferenceBytes(), 256L << 20, "to show feature maps");
        assertTrue(msg.startsWith("This model needs ") && msg.contains("to show feature maps; ConvScope may use 256.0 MB"), msg);
        assertEquals("", MemoryEstimate.check(100, 200, "x"));
    }
}
