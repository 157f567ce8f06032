package dev.processledger.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Swagger UI at {@code /swagger-ui.html}, from the swagger-ui webjar, showing the served contract
 * ({@code /v3/api-docs}). Only {@code swagger-initializer.js} is ours (in {@code docs-ui/}): it points the UI at the
 * contract instead of the webjar's sample.
 */
@Configuration(proxyBeanMethods = false)
class DocsUiConfig implements WebMvcConfigurer {

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/swagger-ui/**")
                .addResourceLocations("classpath:/docs-ui/", "classpath:/" + WEBJAR + webjarVersion() + "/");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/swagger-ui.html", "/swagger-ui/index.html");
    }

    private static String webjarVersion() {
        Properties pom = new Properties();
        try (InputStream in =
                new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties").getInputStream()) {
            pom.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("the swagger-ui webjar is missing", e);
        }
        return pom.getProperty("version");
    }
}
