package org.convscope.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Numbers read out short: two decimals from 1 up, two significant digits below. */
class SpokenTest {

    @Test
    void roundsForReadingOut() {
        assertEquals("0.52", Spoken.number(0.5234));
        assertEquals("0.0021", Spoken.number(0.00214));
        assertEquals("12.35", Spoken.number(12.346));
        assertEquals("-0.004", Spoken.number(-0.004));
        assertEquals("1.5", Spoken.number(1.5));
        assertEquals("3", Spoken.number(3.0));
        assertEquals("0", Spoken.number(-0.0));
        assertEquals("-2", Spoken.number(-2.0));
    }
}
