package dev.lvlmserve.serving.security;

import dev.lvlmserve.serving.config.LvlmProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the API-key and body-size checks for {@code /v1/**}. */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig implements WebMvcConfigurer {
    private final LvlmProperties properties;
    private final RequestSizeLimit sizeLimit;

    public SecurityConfig(LvlmProperties properties) {
        this.properties = properties;
        this.sizeLimit = new RequestSizeLimit(properties.limits().maxRequestBytes().toBytes());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(sizeLimit).addPathPatterns("/v1/**");
        registry.addInterceptor(new ApiKeyInterceptor(properties.security())).addPathPatterns("/v1/**");
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimitFilter() {
        FilterRegistrationBean<RequestSizeLimit> bean = new FilterRegistrationBean<>(sizeLimit);
        bean.addUrlPatterns("/v1/*");
        return bean;
    }
}
