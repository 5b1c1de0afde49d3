package org.convscope.ui.train;

import org.convscope.core.image.Raster;

/**
 * One image of a gallery (test results or the data preview): the image, its true and predicted class, and how sure
 * the model was.
 *
 * @param index the image's index in its set
 * @param image the pixels
 * @param truth the true class
 * @param predicted the predicted class (the true one in the data preview)
 * @param confidence the predicted class's probability
 * @param right whether the prediction is right
 */
record GalleryItem(int index, Raster image, String truth, String predicted, double confidence, boolean right) {
}
