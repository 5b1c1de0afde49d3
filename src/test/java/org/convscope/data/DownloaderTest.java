package org.convscope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a small HTTP server on 127.0.0.1 (no real network): interruption and resume, digest, cancel. */
class DownloaderTest {

    private static final byte[] FIXTURE = new byte[700_000];

    static {
        new Random(3).nextBytes(FIXTURE);
    }

    private HttpServer server;
    private final AtomicLong cutAfter = new AtomicLong(-1); // the next full response stops after this many bytes
    private final List<String> ranges = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cifar.tar.gz", this::serve);
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        int from = 0;
        if (range != null && range.startsWith("bytes=")) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
        }
        int length = FIXTURE.length - from;
        if (from > 0) {
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (FIXTURE.length - 1) + "/" + FIXTURE.length);
        }
        ex.sendResponseHeaders(from > 0 ? 206 : 200, length);
        long cut = cutAfter.getAndSet(-1);
        OutputStream out = ex.getResponseBody();
        try {
            if (cut >= 0) {
                out.write(FIXTURE, from, (int) cut);
                out.flush();
                throw new IOException("connection dropped by the test server"); // as a failing network would
            }
            out.write(FIXTURE, from, length);
        } finally {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing a short fixed-length body fails: that is the interruption
            }
            ex.close();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void anInterruptedDownloadResumesWhereItStopped(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("cifar-10-binary.tar.gz");
        Path part = dir.resolve("cifar-10-binary.tar.gz.part");
        cutAfter.set(250_000);
        Downloader d = new Downloader();
        assertThrows(IOException.class, () -> d.download(uri("/cifar.tar.gz"), target, "MD5", md5(FIXTURE),
                CancelToken.NEVER, ProgressSink.NONE));
        assertFalse(Files.exists(target), "nothing counts until it is complete and checked");
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept <= 250_000, "the part file keeps what arrived: " + kept);

        List<Long> reported = new ArrayList<>();
        Downloader.Result r = d.download(uri("/cifar.tar.gz"), target, "MD5", md5(FIXTURE), CancelToken.NEVER,
                (done, total, message) -> {
                    reported.add(done);
                    assertEquals(FIXTURE.length, total, "the total includes what was already there");
                });
        assertEquals(kept, r.resumedFrom());
        assertEquals("bytes=" + kept + "-", ranges.get(ranges.size() - 1), "asked only for the rest");
        assertArrayEquals(FIXTURE, Files.readAllBytes(target));
        assertFalse(Files.exists(part));
        assertEquals(kept, (long) reported.get(0), "progress starts at the resumed size");
        assertEquals(FIXTURE.length, (long) reported.get(reported.size() - 1));
    }

    @Test
    void aWrongDigestDeletesThePartSoTheNextTryStartsOver(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.tar.gz");
        IOException e = assertThrows(IOException.class, () -> new Downloader().download(uri("/cifar.tar.gz"), target,
                "MD5", "00000000000000000000000000000000", CancelToken.NEVER, ProgressSink.NONE));
        assertTrue(e.getMessage().contains("is damaged") && e.getMessage().contains(md5(FIXTURE)), e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("a.tar.gz.part")));
    }

    @Test
    void cancelStopsAndKeepsThePartForLater(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("b.tar.gz");
        AtomicLong seen = new AtomicLong();
        CancelToken afterSomeBytes = () -> seen.get() > 100_000;
        assertThrows(CancelToken.CancelledException.class, () -> new Downloader().download(uri("/cifar.tar.gz"), target,
                "MD5", md5(FIXTURE), afterSomeBytes, (done, total, m) -> seen.set(done)));
        long kept = Files.size(dir.resolve("b.tar.gz.part"));
        assertTrue(kept > 100_000 && kept < FIXTURE.length, "stopped within a buffer of the cancel: " + kept);
        Downloader.Result r = new Downloader().download(uri("/cifar.tar.gz"), target, "MD5", md5(FIXTURE),
                CancelToken.NEVER, ProgressSink.NONE);
        assertEquals(kept, r.resumedFrom());
        assertArrayEquals(FIXTURE, Files.readAllBytes(target));
    }

    @Test
    void anHttpErrorIsNamed(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> new Downloader().download(uri("/missing"),
                dir.resolve("c"), "MD5", null, CancelToken.NEVER, ProgressSink.NONE));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }
}
