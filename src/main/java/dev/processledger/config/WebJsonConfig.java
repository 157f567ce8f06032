package dev.processledger.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.jackson2.autoconfigure.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import org.springframework.http.converter.yaml.MappingJackson2YamlHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Settings of the web's JSON mapper that {@code spring.jackson2.*} properties cannot express. */
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
                .setStreamWriteConstraints(
                        StreamWriteConstraints.builder().maxNestingDepth(2000).build()));
    }

    /**
     * A member of the wrong JSON type is refused, never converted: {@code "name": 5} is not the text "5",
     * {@code "human": 1} not true, {@code "expires_at": 1700000000} not an instant (seconds since 1970). A client generated from the
     * OpenAPI document sends the documented types; anything else is a mistake worth a 400.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer noScalarCoercion() {
        return builder -> builder.deserializerByType(Instant.class, new TextOnlyInstant())
                .postConfigurer(mapper -> {
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Boolean)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Integer)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                });
    }

    /**
     * The API answers in the media types its contract names. jackson-dataformat-yaml is on the classpath to serve the
     * contract itself, and Spring would otherwise answer any endpoint in YAML to {@code Accept: application/yaml}.
     * Spring Framework 7 registers the Jackson 3 YAML converter instead wherever Jackson 3's YAML module is on the
     * classpath (the contract validator brings it to the tests), so both are removed.
     */
    @Bean
    WebMvcConfigurer noYamlAnswers() {
        return new WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
                converters.removeIf(converter -> converter instanceof MappingJackson2YamlHttpMessageConverter
                        || converter instanceof JacksonYamlHttpMessageConverter);
            }
        };
    }

    /** Instants only as ISO-8601 text: Jackson's own also takes a number as epoch seconds. */
    private static final class TextOnlyInstant extends StdScalarDeserializer<Instant> {

        TextOnlyInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
