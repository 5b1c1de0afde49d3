package org.convscope.core.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VolumeTest {

    @Test
    void stackChannelTakesOneChannelOfEachFilter() {
        // Two 1x2 filters with 2 input channels: f0 = [(1,2),(3,4)], f1 = [(5,6),(7,8)] as (value ch0, value ch1)
        Volume f0 = new Volume(1, 2, 2, new double[] {1, 2, 3, 4});
        Volume f1 = new Volume(1, 2, 2, new double[] {5, 6, 7, 8});
        Volume ch1 = Volume.stackChannel(new Volume[] {f0, f1}, 1);
        assertEquals(2, ch1.channels());
        assertEquals(2, ch1.get(0, 0, 0));
        assertEquals(4, ch1.get(0, 1, 0));
        assertEquals(6, ch1.get(0, 0, 1));
        assertEquals(8, ch1.get(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Volume.stackChannel(new Volume[] {f0, Volume.zeros(2, 2, 2)}, 0));
    }
}
