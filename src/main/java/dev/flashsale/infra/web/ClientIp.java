package dev.flashsale.infra.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client address a request is limited by: the connection's remote address, which is the
 * client's own only when no proxy sits between, or when the proxy is trusted with
 * {@code server.forward-headers-strategy} (then Reactor Netty or Spring's ForwardedHeaderTransformer
 * puts the {@code X-Forwarded-For}/{@code Forwarded} client into the remote address). The headers
 * are never read here: a client could write them itself.
 */
public final class ClientIp {

    private ClientIp() {
    }

    /** The bucket name of the request's client, or "" when the address is unknown (no per-address bucket). */
    public static String of(ServerHttpRequest request) {
        return of(request.getRemoteAddress());
    }

    public static String of(InetSocketAddress remote) {
        if (remote == null) {
            return "";
        }
        InetAddress address = remote.getAddress();
        return address == null ? remote.getHostString() : of(address);
    }

    /**
     * IPv4 by address; IPv6 by its /64 prefix, because one subscriber usually gets a whole /64 and
     * could otherwise take a fresh bucket per request.
     */
    static String of(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            StringBuilder prefix = new StringBuilder(24);
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        }
        return address.getHostAddress();
    }
}
