package dev.flashsale.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The shoppers' notification streams ({@code GET /api/me/notifications/stream}), held as the sale page
 * holds its own (sale/sse.js): one HTTP/1.1 connection each with the shopper's bearer token; the stream
 * is live once it answers 200; a dropped or refused stream is opened again after 1 s, doubling up to
 * 30 s, except after 401/403/404. Events are read from the {@code text/event-stream} body as
 * lib/sse-events.js reads them ({@code event:} and {@code data:} lines, an empty line ends an event,
 * {@code :} comments skipped) and handed to the listener on the event loop. The lean reader the
 * JDK HttpClient is not: Gatling's Netty, two event-loop threads, a few hundred bytes per idle stream.
 */
final class SseStreams implements AutoCloseable {

    /** A complete event of one shopper's stream; called on an event-loop thread, so it must not block. */
    interface Listener {
        void event(int shopper, String type, String data);
    }

    static final String PATH = "/api/me/notifications/stream";
    private static final int MAX_BACKOFF_MILLIS = 30_000;

    private final URI base;
    private final List<String> tokens;
    private final Listener listener;
    private final int answerTimeoutMillis;
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final Bootstrap bootstrap;
    /** Per shopper: 1 while its stream is live (answered 200 and not closed since). */
    private final AtomicIntegerArray live;
    /** Per shopper: 1 once its stream was live at least once. */
    private final AtomicIntegerArray everLive;
    private final AtomicIntegerArray backoffMillis;
    private final AtomicInteger liveNow = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final Map<String, Integer> failureKinds = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** {@code answerTimeoutMillis}: a stream that has not answered by then counts as failed and is opened again. */
    SseStreams(String baseUrl, List<String> tokens, int answerTimeoutMillis, Listener listener) {
        this.base = URI.create(baseUrl);
        this.tokens = tokens;
        this.listener = listener;
        this.answerTimeoutMillis = answerTimeoutMillis;
        this.live = new AtomicIntegerArray(tokens.size());
        this.everLive = new AtomicIntegerArray(tokens.size());
        this.backoffMillis = new AtomicIntegerArray(tokens.size());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .option(ChannelOption.SO_RCVBUF, 16 * 1024);
    }

    /** Opens shopper {@code shopper}'s stream {@code delayMillis} from now. */
    void open(int shopper, long delayMillis) {
        group.schedule(() -> connect(shopper), delayMillis, TimeUnit.MILLISECONDS);
    }

    boolean live(int shopper) {
        return live.get(shopper) == 1;
    }

    int liveNow() {
        return liveNow.get();
    }

    /** Shoppers whose stream was live at least once. */
    int opened() {
        return opened.get();
    }

    int attempts() {
        return attempts.get();
    }

    /** Opens that did not end live: refused, not answered in time, or the connection failed or closed first. */
    int failures() {
        return failures.get();
    }

    Map<String, Integer> failureKinds() {
        return new TreeMap<>(failureKinds);
    }

    /** Live streams that closed before the end (the service or the network ended them). */
    int dropped() {
        return dropped.get();
    }

    /** Shoppers whose stream answered 401/403/404: not opened again, as the page does. */
    int gaveUp() {
        return gaveUp.get();
    }

    /** Stops reopening and closes every stream. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }

    /**
     * How many more descriptors this process may open: the soft open-file limit less those open now
     * (Linux; each stream is one), or {@code Integer.MAX_VALUE} when /proc does not say.
     */
    static int descriptorsLeft() {
        try (Stream<String> limits = Files.lines(Path.of("/proc/self/limits")); Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            long limit = limits.filter(l -> l.startsWith("Max open files")).map(l -> l.trim().split("\\s+")[3])
                    .filter(s -> s.matches("\\d+")).mapToLong(Long::parseLong).findFirst().orElse(Integer.MAX_VALUE);
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, limit - fds.count()));
        } catch (IOException | RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private void connect(int shopper) {
        if (closing) {
            return;
        }
        attempts.incrementAndGet();
        Reader reader = new Reader(shopper);
        ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), reader);
            }
        }).connect(base.getHost(), base.getPort());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                failed(shopper, done.cause().getClass().getSimpleName());
                return;
            }
            Channel ch = f.channel();
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, PATH);
            request.headers().set(HttpHeaderNames.HOST, base.getHost() + ":" + base.getPort())
                    .set(HttpHeaderNames.ACCEPT, "text/event-stream")
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                    .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens.get(shopper));
            ch.writeAndFlush(request);
            reader.timeout = ch.eventLoop().schedule(() -> {
                if (!reader.answered) {
                    reader.failure = "no answer in " + answerTimeoutMillis / 1000 + " s";
                    ch.close();
                }
            }, answerTimeoutMillis, TimeUnit.MILLISECONDS);
        });
    }

    private void failed(int shopper, String kind) {
        failures.incrementAndGet();
        failureKinds.merge(kind, 1, Integer::sum);
        reopenLater(shopper);
    }

    private void reopenLater(int shopper) {
        if (closing) {
            return;
        }
        int delay = backoffMillis.updateAndGet(shopper, d -> d == 0 ? 1000 : Math.min(d * 2, MAX_BACKOFF_MILLIS));
        open(shopper, delay);
    }

    /** One connection's response: the status, then the event-stream body, line by line. */
    private final class Reader extends ChannelInboundHandlerAdapter {

        private final int shopper;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        private String type = "message";
        private StringBuilder data;
        boolean answered;
        boolean isLive;
        String failure;
        ScheduledFuture<?> timeout;

        Reader(int shopper) {
            this.shopper = shopper;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpResponse response) {
                    answered = true;
                    int status = response.status().code();
                    if (status != 200) {
                        failure = "http-" + status;
                        if (status == 401 || status == 403 || status == 404) {
                            gaveUp.incrementAndGet();
                            failure = "gave up: http-" + status;
                        }
                        ctx.close();
                        return;
                    }
                    isLive = true;
                    backoffMillis.set(shopper, 0);
                    live.set(shopper, 1);
                    liveNow.incrementAndGet();
                    if (everLive.getAndSet(shopper, 1) == 0) {
                        opened.incrementAndGet();
                    }
                }
                if (msg instanceof HttpContent content && isLive) {
                    read(content.content());
                    if (content instanceof LastHttpContent) {
                        ctx.close(); // the service ended the stream
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void read(ByteBuf bytes) {
            while (bytes.isReadable()) {
                byte b = bytes.readByte();
                if (b == '\n') {
                    byte[] raw = line.toByteArray();
                    int end = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                    line.reset();
                    line(new String(raw, 0, end, StandardCharsets.UTF_8));
                } else {
                    line.write(b);
                }
            }
        }

        private void line(String text) {
            if (text.isEmpty()) {
                if (data != null) {
                    listener.event(shopper, type, data.toString());
                }
                type = "message";
                data = null;
            } else if (text.startsWith("event:")) {
                type = text.substring(6).trim();
            } else if (text.startsWith("data:")) {
                String value = text.substring(5);
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } // ':' comments (keep-alives), id: and anything else are skipped
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (isLive) {
                live.set(shopper, 0);
                liveNow.decrementAndGet();
                if (!closing) {
                    dropped.incrementAndGet();
                    reopenLater(shopper);
                }
            } else if (!closing) {
                String kind = failure != null ? failure : "closed before answering";
                if (kind.startsWith("gave up")) {
                    failures.incrementAndGet();
                    failureKinds.merge(kind, 1, Integer::sum);
                } else {
                    failed(shopper, kind);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause.getClass().getSimpleName();
            }
            ctx.close();
        }
    }
}
