package dev.lvlmserve.serving.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses the server may connect to on a client's behalf (remote images): public unicast only. Refused
 * unless an operator allows their network explicitly ({@code lvlm.remote-image-networks}): loopback, private,
 * link-local (cloud metadata at 169.254.169.254 among them), carrier-grade NAT (Alibaba's metadata at
 * 100.100.100.200), unique-local IPv6 (AWS's fd00:ec2::254), multicast, documentation, benchmarking, reserved and
 * unspecified ranges, and the IPv6 ranges that embed an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo).
 */
public final class AddressPolicy {
    private static final List<Cidr> SPECIAL = Cidr.all(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
            "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");

    private final List<Cidr> allowed;

    /** @param allowedNetworks CIDRs an operator trusts despite the rules above ({@code 10.1.2.0/24}) */
    public AddressPolicy(List<String> allowedNetworks) {
        this.allowed = Cidr.all(allowedNetworks.toArray(String[]::new));
    }

    public boolean permits(InetAddress address) {
        if (allowed.stream().anyMatch(c -> c.contains(address))) {
            return true;
        }
        boolean special = address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress();
        return !special && SPECIAL.stream().noneMatch(c -> c.contains(address));
    }

    /** An address block, {@code a.b.c.d/n} or {@code x:y::/n}. */
    record Cidr(byte[] prefix, int bits) {
        static List<Cidr> all(String... cidrs) {
            return java.util.Arrays.stream(cidrs).map(Cidr::parse).toList();
        }

        static Cidr parse(String cidr) {
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            if (!host.matches("[0-9a-fA-F:.]+")) { // literals only: a name here would mean a DNS lookup at startup
                throw new IllegalArgumentException("not an IP network: " + cidr);
            }
            try {
                byte[] prefix = InetAddress.getByName(host).getAddress();
                if (host.contains(":") && prefix.length == 4) { // Java turns ::ffff:a.b.c.d into an IPv4 address
                    prefix = mapped(prefix);
                }
                int bits = slash < 0 ? prefix.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
                if (bits < 0 || bits > prefix.length * 8) {
                    throw new IllegalArgumentException("bad prefix length: " + cidr);
                }
                return new Cidr(prefix, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not an IP network: " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != prefix.length) { // Java presents IPv4-mapped IPv6 addresses as IPv4 already
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((a[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        private static byte[] mapped(byte[] v4) {
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xFF;
            v6[11] = (byte) 0xFF;
            System.arraycopy(v4, 0, v6, 12, 4);
            return v6;
        }
    }
}
