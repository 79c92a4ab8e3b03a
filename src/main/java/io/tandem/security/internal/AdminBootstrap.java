package io.tandem.security.internal;

import java.security.SecureRandom;
import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.tandem.security.NewUser;
import io.tandem.security.Role;
import io.tandem.shared.Actor;

/**
 * The first start on an empty database creates {@code admin}. Its password comes from {@code TANDEM_ADMIN_PASSWORD}
 * or is generated and printed once; it is never written anywhere else.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final UserAccounts accounts;
    private final String configuredPassword;

    AdminBootstrap(UserAccounts accounts, @Value("${tandem.admin-password:}") String configuredPassword) {
        this.accounts = accounts;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!accounts.noUsersYet()) {
            return;
        }
        boolean generated = configuredPassword == null || configuredPassword.isBlank();
        String password = generated ? generatePassword() : configuredPassword;
        accounts.create(new NewUser("admin", "Administrator", null, password, EnumSet.of(Role.ADMIN),
                null), Actor.SYSTEM);
        if (generated) {
            log.warn("""

                    ============================================================
                     Tandem created the user 'admin' with the password:
                         {}
                     It is shown only this once. Sign in and change it.
                    ============================================================""", password);
        } else {
            log.info("Created the user 'admin' with the password from TANDEM_ADMIN_PASSWORD");
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
