package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * Spring Boot advisories of the 3.5 line stay out of reach whatever the platform (docs/reliability.md):
 * the Cloud Foundry actuator endpoints are off even on Cloud Foundry (CVE-2026-22733), no health group is served
 * on the main port (CVE-2026-22731), and sessions are never persisted (CVE-2026-40973).
 */
@H2Store
@TestPropertySource(properties = "spring.main.cloud-platform=cloud_foundry")
class AdvisoryMitigationsTest extends ApiTestSupport {

    @Autowired
    private ApplicationContext context;

    @Autowired
    private Environment environment;

    @Test
    void cloudFoundryEndpointsAreOffEvenOnCloudFoundry() {
        // Boot 4 moved the Cloud Foundry actuator support into a module the service does not depend on; whichever
        // class it lives in, no bean of it may be there.
        assertThat(Arrays.stream(context.getBeanDefinitionNames())
                        .map(context::getType)
                        .filter(type ->
                                type != null && type.getName().toLowerCase().contains("cloudfoundry")))
                .isEmpty();
        assertThat(context.containsBean("cloudFoundryWebEndpointServletHandlerMapping"))
                .isFalse();
        assertThat(api.get("/cloudfoundryapplication", ADMIN_TOKEN).status()).isEqualTo(404);
        assertThat(api.get("/cloudfoundryapplication/health", ADMIN_TOKEN).status())
                .isEqualTo(404);
    }

    @Test
    void healthIsServedOnlyUnderActuator() {
        assertThat(environment.getProperty("management.endpoint.health.probes.add-additional-paths", Boolean.class))
                .isFalse();
        assertThat(api.get("/livez", ADMIN_TOKEN).status()).isEqualTo(404);
        assertThat(api.get("/readyz", ADMIN_TOKEN).status()).isEqualTo(404);
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void noSessionIsEverCreatedSoNoneCanBePersisted() {
        assertThat(environment.getProperty("server.servlet.session.persistent", Boolean.class))
                .isFalse();
        for (Api.Response response : List.of(
                api.get("/api/v1/processes", ADMIN_TOKEN),
                api.get("/api/v1/processes", null),
                api.get("/actuator/health", null),
                api.post("/api/v1/processes", ADMIN_TOKEN, "{}"))) {
            assertThat(response.raw().headers().allValues("Set-Cookie"))
                    .as("cookies of a %d", response.status())
                    .isEmpty();
        }
    }
}
