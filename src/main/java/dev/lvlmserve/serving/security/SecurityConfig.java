package dev.lvlmserve.serving.security;

import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.config.SecurityProperties;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the access check (every handler, before its arguments are read, so an unauthenticated request never
 * has its body parsed), the body-size cap and the body admission budget for {@code /v1/**}, and CORS: off unless
 * {@code lvlm.security.cors-allowed-origins} names origins.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig implements WebMvcConfigurer {
    private final SecurityProperties security;
    private final RequestSizeLimit sizeLimit;

    public SecurityConfig(LvlmProperties properties) {
        this.security = properties.security();
        this.sizeLimit = new RequestSizeLimit(properties.limits().maxRequestBytes().toBytes());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiKeyInterceptor(security));
        registry.addInterceptor(sizeLimit).addPathPatterns("/v1/**");
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (!security.corsAllowedOrigins().isEmpty()) {
            registry.addMapping("/v1/**").allowedOrigins(security.corsAllowedOrigins().toArray(String[]::new))
                    .allowedMethods("GET", "POST", "DELETE")
                    .allowedHeaders("Authorization", "Content-Type", ApiKeyInterceptor.ADMIN_HEADER)
                    .maxAge(600);
        }
    }

    @Bean
    FilterRegistrationBean<RequestAdmission> requestAdmissionFilter(LvlmProperties properties,
            ObjectProvider<ServingMetrics> metrics) {
        RequestAdmission admission = new RequestAdmission(properties.limits().requestMemory().toBytes(),
                properties.limits().maxRequestBytes().toBytes(), properties.engine().retryAfterSeconds(),
                reason -> metrics.ifAvailable(m -> m.failure(reason)));
        FilterRegistrationBean<RequestAdmission> bean = new FilterRegistrationBean<>(admission);
        bean.addUrlPatterns("/v1/*");
        return bean;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimitFilter() {
        FilterRegistrationBean<RequestSizeLimit> bean = new FilterRegistrationBean<>(sizeLimit);
        bean.addUrlPatterns("/v1/*");
        return bean;
    }
}
