package dev.flashsale.infra.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.flashsale.support.IntegrationTest;

/**
 * Drives kept-alive HTTP/1.1 connections the way the sale page does: each shopper's browser sends
 * its next request on the same connection as soon as the previous answer arrived, alternating a
 * view beacon (answered without a body) and a stock read. reactor-netty up to 1.3.6 stopped
 * reading such a connection now and then (reactor/reactor-netty#4361): the next request sat in the
 * socket unanswered forever. Any answer that does not come within the read timeout fails the test.
 */
class KeptAliveConnectionsTest extends IntegrationTest {

    private static final int CONNECTIONS = 16;
    private static final int ROUNDS = 300;
    private static final int READ_TIMEOUT_MS = 5_000;

    @Test
    void everyRequestOnAKeptAliveConnectionIsAnswered() throws Exception {
        long saleId = openSale(10, 1);
        String token = newShopperToken();
        String view = "POST /api/sales/" + saleId + "/views HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Length: 0\r\n\r\n";
        String stock = "GET /api/sales/" + saleId + "/stock HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<String>> shoppers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                shoppers.add(pool.submit(shopper(view, stock)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> shopper : shoppers) {
                String failure = shopper.get();
                if (failure != null) {
                    failures.add(failure);
                }
            }
            assertThat(failures).as("connections that stalled or broke").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One browser: answers null when every request was answered, else what went wrong. */
    private Callable<String> shopper(String view, String stock) {
        return () -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(READ_TIMEOUT_MS);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                for (int round = 0; round < ROUNDS; round++) {
                    for (String request : List.of(view, stock)) {
                        out.write(request.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        int status;
                        try {
                            status = readResponse(in);
                        } catch (SocketTimeoutException e) {
                            return "round " + round + ": no answer within " + READ_TIMEOUT_MS + " ms to "
                                    + request.lines().findFirst().orElseThrow();
                        }
                        if (status != 202 && status != 200) {
                            return "round " + round + ": status " + status;
                        }
                    }
                }
                return null;
            } catch (IOException e) {
                return e.toString();
            }
        };
    }

    /** Reads one HTTP/1.1 response (fixed length or chunked) and answers its status code. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        int length = 0;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                throw new IOException("server closed a kept-alive connection after status " + status);
            }
        }
        if (!chunked) {
            in.readNBytes(length);
            return status;
        }
        for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
            in.readNBytes(size);
            line(in);
        }
        line(in);
        return status;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
