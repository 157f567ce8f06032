package dev.processledger.security;

import dev.processledger.config.LedgerProperties;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator's way back in when every admin token is lost:
 * {@code java -jar process-ledger.jar admin issue-token --org default --name recovery} prints a new token once. It
 * opens the configured database itself (same properties and profiles as the service) without starting the
 * service and without migrating it; the embedded H2 store allows one process at a time, so the service must be
 * stopped first.
 */
public final class AdminCommand {

    static final String USAGE = """
            usage: java -jar process-ledger.jar admin issue-token --org <org_id> --name <token name> \
            [--scopes "admin processes:read processes:write"] [--spring.profiles.active=postgres] [--ledger.data-dir=...]""";
    private static final Set<Scope> DEFAULT_SCOPES =
            EnumSet.of(Scope.ADMIN, Scope.PROCESSES_READ, Scope.PROCESSES_WRITE);
    /** H2's error code for a database file held by another process. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private AdminCommand() {}

    public static boolean handles(String[] args) {
        return args.length > 0 && args[0].equals("admin");
    }

    /** Runs the command; returns the process exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> springArguments =
                new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=OFF"));
        if (args.length < 2
                || !args[1].equals("issue-token")
                || !parse(args, options, springArguments)
                || !options.containsKey("org")
                || !options.containsKey("name")) {
            err.println(USAGE);
            return 64;
        }
        Set<Scope> scopes = scopes(options.getOrDefault("scopes", null), err);
        if (scopes == null
                || options.get("name").isBlank()
                || options.get("name").length() > 200) {
            err.println(scopes == null ? USAGE : "--name must be 1 to 200 characters");
            return 64;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Context.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(springArguments.toArray(String[]::new))) {
            CredentialRepository repository = context.getBean(CredentialRepository.class);
            CredentialService credentials = context.getBean(CredentialService.class);
            CredentialService.IssuedToken issued = context.getBean(TransactionTemplate.class)
                    .execute(status -> {
                        if (!repository.lockOrganization(options.get("org"))) {
                            return null;
                        }
                        return credentials.issueToken(
                                options.get("org"), options.get("name"), scopes, null, TokenSecrets.generate());
                    });
            if (issued == null) {
                err.println("No organization '" + options.get("org")
                        + "' in this store (the service creates 'default' on" + " its first start).");
                return 1;
            }
            out.println("Token " + issued.token().tokenId() + " issued in organization " + options.get("org")
                    + " with scopes "
                    + issued.token().scopes().stream()
                            .map(Scope::value)
                            .sorted()
                            .toList()
                    + ". It is shown only this once:");
            out.println(issued.plaintext());
            return 0;
        } catch (RuntimeException failure) {
            if (databaseInUse(failure)) {
                err.println("The embedded H2 database is in use by a running service. Stop the service, then run this"
                        + " command again (the file allows one process at a time).");
                return 2;
            }
            err.println("Could not issue a token: " + mostSpecific(failure)
                    + " (is the database configured as for the service?)");
            return 1;
        }
    }

    private static boolean parse(String[] args, Map<String, String> options, List<String> springArguments) {
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--spring.") || arg.startsWith("--ledger.") || arg.startsWith("--logging.")) {
                springArguments.add(arg);
            } else if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                return false;
            }
        }
        return options.keySet().stream()
                .allMatch(key -> List.of("org", "name", "scopes").contains(key));
    }

    private static Set<Scope> scopes(String value, PrintStream err) {
        if (value == null) {
            return DEFAULT_SCOPES;
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : value.trim().split("[ ,]+")) {
            if (Scope.fromValue(name).isEmpty()) {
                err.println("Unknown scope '" + name + "'");
                return null;
            }
            scopes.add(Scope.fromValue(name).get());
        }
        return scopes;
    }

    /** The innermost cause's type and message: what an operator can act on, not Spring's wrapping. */
    private static String mostSpecific(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return innermost.getClass().getSimpleName() + ": " + innermost.getMessage();
    }

    private static boolean databaseInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Only what issuing a token needs: the database (migrated like the service does) and the credential classes.
     * Not a {@code @Configuration}, so the service's component scan never picks it up.
     */
    @ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        FlywayAutoConfiguration.class
    })
    @EnableConfigurationProperties(LedgerProperties.class)
    @Import({CredentialRepository.class, CredentialService.class})
    static class Context {

        /**
         * Checks the schema instead of migrating it: the service owns migrations (one of them is Java code that
         * needs the event serializer), so a store this command would have to change is refused with the way out.
         */
        @Bean
        FlywayMigrationStrategy schemaCheckOnly() {
            return flyway -> {
                if (flyway.info().pending().length > 0) {
                    throw new IllegalStateException("this store's schema is not this version's: start the service"
                            + " on it once (it migrates the store), stop it, then run this command again");
                }
            };
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
