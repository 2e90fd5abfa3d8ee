package dev.lvlmserve.serving.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.lvlmserve.serving.config.LvlmProperties;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands heap back to the OS once a burst is over. A burst of large images grows the heap by gigabytes; G1 keeps
 * what it has committed until a collection shrinks it, and an idle server collects nothing, so resident memory
 * would stay at the peak. G1's periodic collection (JEP 346, {@code G1PeriodicGCInterval}, a manageable flag, off by
 * default) runs a concurrent cycle when the JVM has been idle for the interval and uncommits the free heap. Set at
 * startup from {@code lvlm.engine.idle-gc-interval} unless an operator set the flag on the command line; no effect
 * under other collectors.
 */
@Component
public class IdleMemoryReturn {
    private static final Logger log = LoggerFactory.getLogger(IdleMemoryReturn.class);
    private static final String FLAG = "G1PeriodicGCInterval";

    public IdleMemoryReturn(LvlmProperties properties) {
        Duration interval = properties.engine().idleGcInterval();
        if (interval.isZero() || interval.isNegative() || !g1()) {
            return;
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            VMOption current = vm.getVMOption(FLAG);
            if (current.getOrigin() == VMOption.Origin.DEFAULT) {
                vm.setVMOption(FLAG, Long.toString(interval.toMillis()));
                log.info("idle heap goes back to the OS: G1 periodic collection after {} s idle",
                        interval.toSeconds());
            }
        } catch (RuntimeException e) { // not HotSpot, or the flag is not writable here: keep the JVM's behaviour
            log.info("cannot set {}: {}", FLAG, e.toString());
        }
    }

    private static boolean g1() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().startsWith("G1")) {
                return true;
            }
        }
        return false;
    }
}
