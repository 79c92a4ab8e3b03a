package io.tandem.support;

import java.util.EnumSet;
import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.security.NewUser;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;

/** Creates people with unique names for a test, all with the same password. */
public final class People {

    public static final String PASSWORD = "a-long-enough-password";

    private final UserManagement users;
    private final TransactionTemplate transactions;
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    public People(UserManagement users, TransactionTemplate transactions) {
        this.users = users;
        this.transactions = transactions;
    }

    public UserSummary create(String name, Role role, UUID teamId) {
        return transactions.execute(tx -> users.createUser(new NewUser(name + "-" + suffix, name, null, PASSWORD,
                EnumSet.of(role), teamId), Actor.SYSTEM));
    }

    public UUID team(String name) {
        return transactions.execute(tx -> users.createTeam(name + " " + suffix, Actor.SYSTEM));
    }

    public WebSession session(int port, UserSummary user) {
        return WebSession.signedIn(port, user.username(), PASSWORD);
    }
}
