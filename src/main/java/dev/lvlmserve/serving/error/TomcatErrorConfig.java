package dev.lvlmserve.serving.error;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Swaps the host's error report valve (Spring Boot installs Tomcat's own, with its HTML page) for
 * {@link TomcatErrorValve}. Ordered last so that Boot's valve is already there to be removed; the host is told the
 * class too, or it would add a default one of its own when it starts.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatErrorConfig {
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) {
                host.setErrorReportValveClass(TomcatErrorValve.class.getName());
            }
            for (Valve v : parent.getPipeline().getValves()) {
                if (v instanceof ErrorReportValve) {
                    parent.getPipeline().removeValve(v);
                }
            }
            parent.getPipeline().addValve(new TomcatErrorValve());
        });
    }
}
