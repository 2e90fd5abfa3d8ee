package dev.lvlmserve.serving.console;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Where the console lives: {@code /console/} is its page, {@code /} and {@code /console} redirect to it. View
 * controllers rather than a controller class: they are framework handlers, public like the static files they lead
 * to, and no API handler is added.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfig implements WebMvcConfigurer {
    static final String HOME = "/console/";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", HOME);
        registry.addRedirectViewController("/console", HOME);
        registry.addViewController(HOME).setViewName("forward:" + HOME + "index.html");
    }

    @Bean
    FilterRegistrationBean<ConsoleHeaders> consoleHeadersFilter() {
        FilterRegistrationBean<ConsoleHeaders> bean = new FilterRegistrationBean<>(new ConsoleHeaders());
        bean.addUrlPatterns(HOME + "*");
        return bean;
    }
}
