package org.convscope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.image.Raster;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks the reader on the real CIFAR-10 copy in {@code ../shared}; skipped when it is absent. */
class CifarRealDataTest {

    private static final double TOL = 5e-4;

    @BeforeEach
    void needsTheDataset() {
        RealCifar.assumePresent();
    }

    @Test
    void trainHas50000ImagesWith5000PerClass() throws Exception {
        CifarImages train = RealCifar.train();
        assertEquals(50_000, train.size());
        int[] expected = new int[10];
        java.util.Arrays.fill(expected, 5_000);
        assertArrayEquals(expected, train.classCounts());
    }

    @Test
    void testHas10000ImagesWith1000PerClass() throws Exception {
        CifarImages test = RealCifar.test();
        assertEquals(10_000, test.size());
        int[] expected = new int[10];
        java.util.Arrays.fill(expected, 1_000);
        assertArrayEquals(expected, test.classCounts());
    }

    @Test
    void classNamesAreInLabelOrder() throws Exception {
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                RealCifar.train().classNames());
        assertEquals(RealCifar.train().classNames(), RealCifar.test().classNames());
    }

    @Test
    void firstRecordIsConvertedFromPlanarToChannelsLast() throws Exception {
        byte[] raw = RealCifar.rawBytes("data_batch_1", 1);
        Raster image = RealCifar.train().image(0);
        assertEquals(raw[0] & 0xff, RealCifar.train().label(0));
        assertEquals(32, image.height());
        assertEquals(3, image.channels());
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(raw[1 + ch * 1024] & 0xff, image.get(0, 0, ch), "pixel (0,0) channel " + ch);
            assertEquals(raw[1 + ch * 1024 + 1023] & 0xff, image.get(31, 31, ch), "pixel (31,31) channel " + ch);
            assertEquals(raw[1 + ch * 1024 + 5 * 32 + 17] & 0xff, image.get(5, 17, ch), "pixel (5,17) channel " + ch);
        }
    }

    @Test
    void trainStatisticsMatchTheReadme() throws Exception {
        CifarImages train = RealCifar.train();
        assertArrayEquals(new double[] {0.4914, 0.4822, 0.4465}, train.perChannelMean(), TOL);
        assertArrayEquals(new double[] {0.2470, 0.2435, 0.2616}, train.perChannelStd(), TOL);
    }

    @Test
    void testStatisticsMatchTheReadme() throws Exception {
        CifarImages test = RealCifar.test();
        assertArrayEquals(new double[] {0.4942, 0.4851, 0.4504}, test.perChannelMean(), TOL);
        assertArrayEquals(new double[] {0.2467, 0.2429, 0.2616}, test.perChannelStd(), TOL);
    }

    /** The loads above passed the official SHA-256 checks; writing the images back must give the official bytes. */
    @Test
    void writingBackGivesTheOfficialFiles() throws Exception {
        CifarImages train = RealCifar.train();
        for (int b = 0; b < 5; b++) {
            byte[] bin = train.range(b * 10_000, (b + 1) * 10_000).toRecordBytes();
            assertEquals(CifarReader.officialSha256("data_batch_" + (b + 1) + ".bin"), MakeCifarSample.sha256(bin));
        }
        assertEquals(CifarReader.officialSha256("test_batch.bin"), MakeCifarSample.sha256(RealCifar.test().toRecordBytes()));
    }

    @Test
    void singleOfficialBatchLoadsWithItsChecksum() throws Exception {
        CifarImages batch = CifarReader.readBatch(RealCifar.batches().resolve("test_batch.bin.gz"));
        assertEquals(10_000, batch.size());
        assertEquals(RealCifar.test().image(9_999), batch.image(9_999));
    }

    @Test
    void bundledSampleHoldsTheFirstImagesOfEachClass() throws Exception {
        CifarReader.Splits sample = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE);
        checkHead(sample.train(), RealCifar.train(), 200);
        checkHead(sample.test(), RealCifar.test(), 50);
    }

    /** Picks the originals independently of {@link CifarImages#balancedHead} and compares a few images and all labels. */
    private static void checkHead(CifarImages sample, CifarImages full, int perClass) {
        List<Integer> picked = new ArrayList<>();
        int[] taken = new int[10];
        for (int i = 0; i < full.size() && picked.size() < 10 * perClass; i++) {
            if (taken[full.label(i)]++ < perClass) {
                picked.add(i);
            }
        }
        assertEquals(picked.size(), sample.size());
        for (int k = 0; k < sample.size(); k++) {
            assertEquals(full.label(picked.get(k)), sample.label(k), "label of sample image " + k);
        }
        for (int k : new int[] {0, 1, sample.size() / 2, sample.size() - 1}) {
            assertEquals(full.image(picked.get(k)), sample.image(k), "sample image " + k);
        }
        assertArrayEquals(full.balancedHead(perClass).pixelsHwc(), sample.pixelsHwc());
    }
}
