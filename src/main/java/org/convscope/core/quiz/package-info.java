/**
 * Quiz mode for class: questions whose answers come from the core arithmetic (the next output cell
 * of a convolution or pooling, the output shape, which filter made a map), answer checking and a
 * running score. Pure Java, so the screens only ask and show.
 */
package org.convscope.core.quiz;
