package org.convscope.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training curves growing, from the Train screen's history CSV. */
class CurveAnimationTest {

    /** Three epochs as TrainCurves.historyCsv writes them (the last without validation), then two batch losses. */
    static final String CSV = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n"
            + "1,2.000000,0.250000,1.800000,0.300000,1.000\n"
            + "2,1.200000,0.550000,1.300000,0.500000,1.000\n"
            + "3,0.800000,0.750000,NaN,NaN,1.000\n"
            + "batch,index,loss\nbatch,1,2.300000\nbatch,2,1.700000\n";

    @TempDir
    Path dir;

    @Test
    void theHistoryIsParsedAsTheTrainScreenWritesIt() {
        TrainingHistory h = TrainingHistory.parse(CSV.replace("\n", "\r\n"));
        assertEquals(3, h.epochs().size());
        assertEquals(1.2, h.epochs().get(1)[1]);
        assertEquals(0.5, h.epochs().get(1)[4]);
        assertTrue(Double.isNaN(h.epochs().get(2)[3]));
        assertEquals(java.util.List.of(2.3, 1.7), h.batchLosses());
        var e = assertThrows(IllegalArgumentException.class, () -> TrainingHistory.parse("a,b\n1,2\n"));
        assertTrue(e.getMessage().contains("not a training history"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingHistory.parse(
                "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n1,x,0.2,1,0.3,1\n"));
        assertTrue(e.getMessage().startsWith("line 2 "), e.getMessage());
    }

    @Test
    void oneFramePerEpochAndTheCurvesGrow() throws Exception {
        CurveFrames frames = new CurveFrames(TrainingHistory.parse(CSV));
        Path gif = dir.resolve("curves.gif");
        long size = AnimatedGif.write(frames, 1, 600, gif);
        GifFrames f = GifFrames.read(gif);
        assertEquals(3, f.shown.size());
        assertEquals(0, f.loops);
        assertEquals(60, f.delaysCs.get(2));
        // the accuracy chart (1): epoch 1's training point (0.25) is there from the first frame,
        // epoch 3's (0.75) only in the last
        var p1 = frames.at(1, 1, 0.25);
        var p3 = frames.at(1, 3, 0.75);
        assertTrue(count(f.shown.get(0), p1, CurveFrames.TRAIN) > 10);
        assertEquals(0, count(f.shown.get(0), p3, CurveFrames.TRAIN));
        assertTrue(count(f.shown.get(2), p3, CurveFrames.TRAIN) > 10);
        // validation loss at epoch 2 (1.3) in the loss chart (0), in the second frame
        assertTrue(count(f.shown.get(1), frames.at(0, 2, 1.3), CurveFrames.VALIDATION) > 10);
        assertTrue(size < 5_000_000);
    }

    /** Pixels of a colour in the 9x9 square around a point. */
    private static int count(BufferedImage img, java.awt.geom.Point2D.Double p, Color c) {
        Rectangle r = new Rectangle((int) p.x - 4, (int) p.y - 4, 9, 9);
        return SweepAnimationTest.countColour(img, r, c);
    }
}
