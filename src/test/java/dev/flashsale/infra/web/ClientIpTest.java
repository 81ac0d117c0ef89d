package dev.flashsale.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

class ClientIpTest {

    @Test
    void ipv4IsTheAddressAndIpv6ItsSlash64() throws Exception {
        assertThat(ClientIp.of(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 5555))).isEqualTo("203.0.113.7");
        assertThat(ClientIp.of(InetAddress.getByName("2001:db8:0:12:aaaa:bbbb:cccc:dddd"))).isEqualTo("2001:db8:0:12::/64");
        assertThat(ClientIp.of(InetAddress.getByName("2001:db8:0:12::1")))
                .isEqualTo(ClientIp.of(InetAddress.getByName("2001:db8:0:12:ffff::9")));
        assertThat(ClientIp.of(InetAddress.getByName("::ffff:198.51.100.4"))).as("IPv4-mapped").isEqualTo("198.51.100.4");
    }

    @Test
    void anUnknownAddressHasNoBucket() {
        assertThat(ClientIp.of((InetSocketAddress) null)).isEmpty();
    }
}
