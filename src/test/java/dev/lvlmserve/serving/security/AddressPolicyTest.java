package dev.lvlmserve.serving.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    static final AddressPolicy DEFAULT = new AddressPolicy(List.of());

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.100.100.200", "100.64.0.1", "192.0.0.192", "224.0.0.1",
        "239.255.255.250", "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.2.1", "203.0.113.7", "::1", "::",
        "fe80::1", "fd00:ec2::254", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
        "64:ff9b::7f00:1", "2002:7f00:1::", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "::127.0.0.1"})
    void specialAddressesAreRefused(String literal) throws Exception {
        assertThat(DEFAULT.permits(ip(literal))).as(literal).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
        "2a00:1450:4001::200e"})
    void publicAddressesArePermitted(String literal) throws Exception {
        assertThat(DEFAULT.permits(ip(literal))).as(literal).isTrue();
    }

    @Test
    void anOperatorCanAllowANetworkExplicitly() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of("10.1.2.0/24", "fd12:3456::/32"));
        assertThat(policy.permits(ip("10.1.2.77"))).isTrue();
        assertThat(policy.permits(ip("10.1.3.1"))).isFalse();
        assertThat(policy.permits(ip("fd12:3456::9"))).isTrue();
        assertThat(policy.permits(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void networksMustBeLiterals() {
        assertThatThrownBy(() -> new AddressPolicy(List.of("internal.example.com/24")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressPolicy(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
