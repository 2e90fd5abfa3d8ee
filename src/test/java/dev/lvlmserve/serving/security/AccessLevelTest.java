package dev.lvlmserve.serving.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/** Deny by default: a handler of ours says who may call it, or only operators may. */
class AccessLevelTest {
    static class Unannotated {
        public void handle() {}
    }

    @Access(AccessLevel.INFERENCE)
    static class Annotated {
        public void inherits() {}

        @Access(AccessLevel.ADMIN)
        public void overrides() {}
    }

    static HandlerMethod handler(Object bean, String method) throws NoSuchMethodException {
        return new HandlerMethod(bean, bean.getClass().getMethod(method));
    }

    @Test
    void anUnannotatedHandlerOfOursIsAdminOnly() throws Exception {
        assertThat(AccessLevel.of(handler(new Unannotated(), "handle"))).isEqualTo(AccessLevel.ADMIN);
    }

    @Test
    void theMethodsAnnotationWinsOverItsClasss() throws Exception {
        assertThat(AccessLevel.of(handler(new Annotated(), "inherits"))).isEqualTo(AccessLevel.INFERENCE);
        assertThat(AccessLevel.of(handler(new Annotated(), "overrides"))).isEqualTo(AccessLevel.ADMIN);
    }

    @Test
    void frameworkHandlersAndStaticResourcesArePublic() throws Exception {
        assertThat(AccessLevel.of(handler(new org.springframework.util.StopWatch(), "getId")))
                .isEqualTo(AccessLevel.PUBLIC);
        assertThat(AccessLevel.of(new ResourceHttpRequestHandler())).isEqualTo(AccessLevel.PUBLIC);
    }
}
