package dev.processledger.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a Spring test with the {@code postgres} profile on a fresh database of the PostgreSQL server at
 * {@code 127.0.0.1:5432} (override with {@code LEDGER_TEST_PG_URL}, user {@code LEDGER_TEST_PG_USER}). Tagged
 * {@value #TAG}, as is every other test that needs the server: {@code -DexcludedGroups=postgres} leaves them out.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(PostgresStore.TAG)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = PostgresStore.FreshDatabase.class)
public @interface PostgresStore {

    /** The JUnit tag of every test that needs the PostgreSQL server. */
    String TAG = "postgres";

    /** Creates {@code ledger_test_<random>}, points the datasource at it and drops it when the JVM exits. */
    class FreshDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        public static String server() {
            return System.getenv().getOrDefault("LEDGER_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        }

        public static String user() {
            return System.getenv().getOrDefault("LEDGER_TEST_PG_USER", "postgres");
        }

        /** Creates an empty database and returns its JDBC URL. */
        public static String createDatabase() {
            String name = "ledger_test_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(server() + "postgres", user(), "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "PostgreSQL must run at " + server() + " for these tests (.ci/run starts it): "
                                + e.getMessage(),
                        e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(name)));
            return server() + name;
        }

        private static void dropDatabase(String name) {
            try (Connection c = DriverManager.getConnection(server() + "postgres", user(), "");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("Could not drop test database " + name + ": " + e.getMessage());
            }
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.datasource.url=" + createDatabase(), "spring.datasource.username=" + user())
                    .applyTo(context);
        }
    }
}
