package dev.processledger.cluster;

import dev.processledger.ProcessLedgerApplication;
import dev.processledger.support.Api;
import dev.processledger.support.PostgresStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Instances of the service in this JVM, each on a free port, all on one PostgreSQL database. */
final class Instances {

    private Instances() {}

    /** Starts one instance on {@code url} with the bootstrap token, extra configuration classes and arguments. */
    static ConfigurableApplicationContext start(
            String url, String token, List<Class<?>> configuration, String... arguments) {
        List<Class<?>> sources = new ArrayList<>(List.of(ProcessLedgerApplication.class));
        sources.addAll(configuration);
        List<String> all = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresStore.FreshDatabase.user(),
                "--ledger.bootstrap.token=" + token,
                "--spring.jmx.enabled=false"));
        all.addAll(List.of(arguments));
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .profiles("postgres")
                .run(all.toArray(String[]::new));
    }

    static Api api(ConfigurableApplicationContext instance) {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        return new Api("http://127.0.0.1:" + port);
    }
}
