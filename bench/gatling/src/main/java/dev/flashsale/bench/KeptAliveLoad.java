package dev.flashsale.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The kept-alive scenario's load: {@code connections} HTTP/1.1 connections opened before the clock
 * starts and kept for the whole run, carrying an open-model arrival stream ({@code rate} a second,
 * each arrival a distinct shopper with its own token). An arrival that finds every connection busy
 * waits in the client's queue, and its latency is counted from its scheduled arrival, queue wait
 * included, so a slow service cannot hide behind a fixed number of connections. Gatling opens a new
 * connection whenever its shared pool has none idle, so this small Netty driver (Gatling's own Netty)
 * holds the count fixed instead. One event-loop thread; all state lives on it.
 */
final class KeptAliveLoad {

    private static final Pattern SLUG = Pattern.compile("\"type\"\\s*:\\s*\"[^\"]*/([a-z-]+)\"");
    private static final byte[] BODY = "{\"quantity\":1}".getBytes(StandardCharsets.UTF_8);

    private final URI base;
    private final String path;
    private final List<String> tokens;
    private final int connections;
    private final double rate;
    private final int arrivals;
    private final int timeoutMillis;
    private final Samples samples;

    private final ArrayDeque<Long> queue = new ArrayDeque<>(); // scheduled nanos of waiting arrivals, by index below
    private final ArrayDeque<Integer> queuedIndex = new ArrayDeque<>();
    private final List<Connection> idle = new ArrayList<>();
    private final List<Connection> all = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private EventLoop loop;
    private Bootstrap bootstrap;
    private long startNanos;
    private int issued;
    private int answered;
    private int opened;

    KeptAliveLoad(String baseUrl, String path, List<String> tokens, int connections, double rate, int seconds,
            int timeoutMillis, Samples samples) {
        this.base = URI.create(baseUrl);
        this.path = path;
        this.tokens = tokens;
        this.connections = connections;
        this.rate = rate;
        this.arrivals = (int) Math.ceil(rate * seconds);
        this.timeoutMillis = timeoutMillis;
        this.samples = samples;
    }

    /** Opens the connections, runs the arrivals, waits for every answer or timeout, closes everything. */
    void run() throws InterruptedException {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            loop = group.next();
            bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
            for (int i = 0; i < connections; i++) {
                Connection c = new Connection();
                c.channel = connect(c).sync().channel();
                all.add(c);
            }
            loop.execute(() -> {
                idle.addAll(all);
                startNanos = System.nanoTime();
                loop.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.MILLISECONDS);
            });
            done.await((long) (arrivals / rate * 1000) + timeoutMillis + 30_000, TimeUnit.MILLISECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Every millisecond: release due arrivals, give up on those past the timeout, finish when all are answered. */
    private void tick() {
        long now = System.nanoTime();
        int due = (int) Math.min(arrivals, Math.floor((now - startNanos) / 1e9 * rate) + 1);
        while (issued < due) {
            long scheduled = startNanos + (long) (issued / rate * 1e9);
            queue.add(scheduled);
            queuedIndex.add(issued++);
        }
        long limit = now - timeoutMillis * 1_000_000L;
        while (!queue.isEmpty() && queue.peek() < limit) { // a client gives up on an arrival it never sent
            queue.poll();
            queuedIndex.poll();
            answer(0, null, false);
        }
        for (Connection c : all) {
            if (c.sentScheduled != 0 && c.sentScheduled < limit) { // no answer in time: drop the connection
                c.sentScheduled = 0;
                answer(0, null, false);
                c.channel.close();
            }
        }
        while (!queue.isEmpty() && !idle.isEmpty()) {
            send(idle.remove(idle.size() - 1), queue.poll(), queuedIndex.poll());
        }
        if (answered == arrivals) {
            done.countDown();
        }
    }

    private void send(Connection c, long scheduled, int index) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(BODY));
        request.headers().set(HttpHeaderNames.HOST, base.getHost() + ":" + base.getPort())
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.ACCEPT, "application/json, application/problem+json")
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens.get(index % tokens.size()))
                .set(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
        c.sentScheduled = scheduled;
        c.channel.writeAndFlush(request);
    }

    private void answer(int status, String slug, boolean retryAfter) {
        answered++;
        samples.record(System.currentTimeMillis(), 0, status, slug, retryAfter);
    }

    private void received(Connection c, FullHttpResponse response) {
        if (c.sentScheduled == 0) {
            return; // answer to a request already counted as timed out
        }
        int millis = (int) ((System.nanoTime() - c.sentScheduled) / 1_000_000);
        c.sentScheduled = 0;
        Matcher m = SLUG.matcher(response.content().toString(StandardCharsets.UTF_8));
        answered++;
        samples.record(System.currentTimeMillis(), millis, response.status().code(), m.find() ? m.group(1) : null,
                response.headers().contains(HttpHeaderNames.RETRY_AFTER));
        ready(c);
    }

    private void ready(Connection c) {
        if (!queue.isEmpty()) {
            send(c, queue.poll(), queuedIndex.poll());
        } else {
            idle.add(c);
        }
    }

    /** A connection the service (or a timeout) closed: count its request as lost and open another. */
    private void closed(Connection c) {
        idle.remove(c);
        if (c.sentScheduled != 0) {
            c.sentScheduled = 0;
            answer(-1, null, false);
        }
        if (answered < arrivals && !loop.isShuttingDown()) {
            connect(c).addListener(f -> {
                if (f.isSuccess()) {
                    c.channel = ((io.netty.channel.ChannelFuture) f).channel();
                    ready(c);
                }
            });
        }
    }

    private io.netty.channel.ChannelFuture connect(Connection c) {
        opened++;
        return bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                received(c, response);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                closed(c);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
            }
        }).connect(base.getHost(), base.getPort());
    }

    /** Connections opened in all, the initial ones included: more than {@code connections} means some were lost. */
    int connectionsOpened() {
        return opened;
    }

    private static final class Connection {
        Channel channel;
        long sentScheduled; // scheduled arrival of the request in flight, 0 when idle
    }
}
