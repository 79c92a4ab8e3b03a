package io.tandem.security;

import io.tandem.shared.Actor;

public interface UserManagement {

    UserSummary createUser(NewUser user, Actor actor);

    /** @return the new team's id; a team of that name that exists already is returned as it is */
    java.util.UUID createTeam(String name, Actor actor);

    /** Renames the team or gives it another manager ({@code null}: none). */
    void updateTeam(java.util.UUID id, String name, java.util.UUID managerId, Actor actor);
}
