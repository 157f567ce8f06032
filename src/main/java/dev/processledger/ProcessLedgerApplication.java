package dev.processledger;

import dev.processledger.security.AdminCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of the Process Ledger service. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ProcessLedgerApplication {

    public static void main(String[] args) {
        disableAxonUpdateChecker();
        if (AdminCommand.handles(args)) {
            System.exit(AdminCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(ProcessLedgerApplication.class, args);
    }

    /** Axon checks for updates over the network at start-up; a self-hosted ledger must not phone home. */
    static void disableAxonUpdateChecker() {
        if (System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }
}
