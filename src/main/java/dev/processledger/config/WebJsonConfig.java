package dev.processledger.config;

import com.fasterxml.jackson.core.StreamWriteConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Settings of the web's JSON mapper that {@code spring.jackson.*} properties cannot express. */
@Configuration(proxyBeanMethods = false)
class WebJsonConfig {

    /**
     * Jackson reads at most 1,000 levels of nesting but by default also writes at most 1,000, so a value read at
     * the limit could not be written back inside a response's own objects. Step data is now held to 64 levels;
     * the higher write limit keeps data stored before that limit readable.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer writeDeeperThanRead() {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory()
                .setStreamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(2000).build()));
    }
}
