package dev.lvlmserve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void toolOptionsStayWithTheTool() throws Exception {
        Method m = Main.class.getDeclaredMethod("isToolOption", String.class);
        m.setAccessible(true);
        assertEquals(true, m.invoke(null, "--help"));
        assertEquals(false, m.invoke(null, "--server.port=9000"));
    }
}
