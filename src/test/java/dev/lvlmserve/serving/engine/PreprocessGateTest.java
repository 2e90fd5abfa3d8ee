package dev.lvlmserve.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lvlmserve.serving.error.ServingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class PreprocessGateTest {
    private static final Duration SHORT = Duration.ofMillis(50);

    @Test
    void concurrencyIsCappedAndAFreedSlotIsReused() {
        PreprocessGate gate = new PreprocessGate(2, 1 << 30, SHORT, 3);
        PreprocessGate.Permit a = gate.acquire(1000);
        PreprocessGate.Permit b = gate.acquire(1000);
        assertThatThrownBy(() -> gate.acquire(1000)).isInstanceOfSatisfying(ServingException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(e.code()).isEqualTo("preprocess_busy");
            assertThat(e.retryAfterSeconds()).isEqualTo(3L);
        });
        a.close();
        gate.acquire(1000).close();
        b.close();
    }

    @Test
    void memoryIsSharedAndAnImageLargerThanTheBudgetWaitsForAllOfIt() {
        PreprocessGate gate = new PreprocessGate(8, 100 * 1024, SHORT, 1);
        PreprocessGate.Permit sixty = gate.acquire(60 * 1024);
        assertThatThrownBy(() -> gate.acquire(50 * 1024)).isInstanceOf(ServingException.class);
        PreprocessGate.Permit forty = gate.acquire(40 * 1024);
        sixty.close();
        forty.close();
        PreprocessGate.Permit huge = gate.acquire(10L << 30); // clamped to the whole budget
        assertThatThrownBy(() -> gate.acquire(1)).isInstanceOf(ServingException.class);
        huge.close();
        gate.acquire(100 * 1024).close();
    }

    @Test
    void aRefusalOnMemoryGivesItsSlotBack() {
        PreprocessGate gate = new PreprocessGate(2, 10 * 1024, SHORT, 1);
        PreprocessGate.Permit all = gate.acquire(10 * 1024);
        assertThatThrownBy(() -> gate.acquire(1024)).isInstanceOf(ServingException.class); // slot taken, no memory
        all.close();
        PreprocessGate.Permit c = gate.acquire(1024);
        PreprocessGate.Permit d = gate.acquire(1024); // needs the slot the refusal took and must have returned
        c.close();
        d.close();
    }
}
