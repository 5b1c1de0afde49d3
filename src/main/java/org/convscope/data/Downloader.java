package org.convscope.data;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;

/**
 * Downloads a file over HTTP(S) with progress, resume and cancel, and checks its digest before it counts.
 *
 * <p>Bytes go to {@code target + ".part"}; a later call with the same target asks the server for the rest
 * ({@code Range: bytes=N-}) and appends when it answers 206, or starts over when it answers 200. Only a complete
 * file whose digest matches is moved (atomically) to {@code target}; a wrong digest deletes the part file, so the
 * next try starts clean. Cancel stops within one buffer (64 KB) and keeps the part file for resuming.
 */
public final class Downloader {

    /** The official CIFAR-10 binary archive, from the dataset's page (https://www.cs.toronto.edu/~kriz/cifar.html). */
    public static final URI CIFAR10_BINARY_URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");

    /** The MD5 the dataset's page publishes for {@code cifar-10-binary.tar.gz}. */
    public static final String CIFAR10_BINARY_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

    private static final int BUFFER = 64 * 1024;

    /**
     * What a download did.
     *
     * @param file the complete, checked file
     * @param bytes its size
     * @param resumedFrom bytes that were already there from an earlier, interrupted try (0 if none)
     */
    public record Result(Path file, long bytes, long resumedFrom) {
    }

    private final HttpClient client;

    /** A downloader with a 20 s connect timeout that follows redirects. */
    public Downloader() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    /** A downloader on a given client (tests). */
    public Downloader(HttpClient client) {
        this.client = client;
    }

    /**
     * Downloads {@code url} to {@code target}, resuming an earlier partial download.
     *
     * @param url where from
     * @param target where to; its folder is created
     * @param algorithm the digest, e.g. {@code MD5} or {@code SHA-256}
     * @param expectedHex the expected digest in hex, or null to skip the check
     * @param cancel checked between buffers
     * @param progress bytes so far of the total (-1 when the server does not say)
     * @return the result
     * @throws IOException on a network or disk error (the part file stays for resuming), an HTTP error status, or a
     *         digest mismatch (the part file is deleted); {@link CancelToken.CancelledException} when cancelled
     */
    public Result download(URI url, Path target, String algorithm, String expectedHex, CancelToken cancel,
            ProgressSink progress) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(tr("error.download.interrupted", url), e);
        }
        int status = response.statusCode();
        long resumedFrom;
        long total;
        if (status == 206 && have > 0) {
            resumedFrom = have;
            total = response.headers().firstValueAsLong("Content-Length").stream().map(n -> n + have).findFirst().orElse(-1);
        } else if (status == 200) {
            resumedFrom = 0; // the server ignored the range: start over
            total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        } else if (status == 416 && have > 0) {
            resumedFrom = have; // nothing left to send: the part file is complete
            total = have;
            response.body().close();
        } else {
            response.body().close();
            throw new IOException(tr("error.download.http", status, url));
        }
        long done = resumedFrom;
        if (status != 416) {
            try (InputStream in = response.body();
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         resumedFrom > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[BUFFER];
                progress.progress(done, total, message(done, total));
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (cancel.isCancelled()) {
                        throw new CancelToken.CancelledException();
                    }
                    out.write(buffer, 0, n);
                    done += n;
                    progress.progress(done, total, message(done, total));
                }
            }
        }
        if (total >= 0 && done != total) {
            throw new IOException(tr("error.download.incomplete", url, String.format(Locale.ROOT, "%,d", done),
                    String.format(Locale.ROOT, "%,d", total)));
        }
        if (expectedHex != null) {
            String actual = digest(part, algorithm);
            if (!actual.equalsIgnoreCase(expectedHex)) {
                Files.deleteIfExists(part);
                throw new IOException(tr("error.download.digest", url, algorithm, actual,
                        expectedHex.toLowerCase(Locale.ROOT)));
            }
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Result(target, done, resumedFrom);
    }

    /** Returns a file's digest in lower-case hex. */
    static String digest(Path file, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(tr("error.download.noDigest", algorithm), e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String message(long done, long total) {
        String so = String.format(Locale.ROOT, "%.1f", done / 1e6);
        return total > 0 ? tr("progress.downloading", so, String.format(Locale.ROOT, "%.1f", total / 1e6))
                : tr("progress.downloadingSoFar", so);
    }
}
