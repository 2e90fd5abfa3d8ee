package dev.lvlmserve.serving.openai;

import dev.lvlmserve.serving.security.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The HTTP client's DNS resolver: answers only with addresses the {@link AddressPolicy} permits, and refuses a name
 * any of whose addresses it does not (a rebinding answer that mixes a public and a private address included).
 */
final class VettedDns extends SystemDefaultDnsResolver {
    private final AddressPolicy policy;

    VettedDns(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return vet(policy, host);
    }

    static InetAddress[] vet(AddressPolicy policy, String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all = InetAddress.getAllByName(name);
        for (InetAddress a : all) {
            if (!policy.permits(a)) {
                throw new UnknownHostException("refused by the address policy");
            }
        }
        return all;
    }
}
