package io.tandem.security;

import io.tandem.shared.Actor;

public interface UserManagement {

    UserSummary createUser(NewUser user, Actor actor);
}
