package io.tandem.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read access to people for other modules: names of owners, who can be assigned leads. */
public interface UserDirectory {

    Map<UUID, UserSummary> findAll(Collection<UUID> ids);

    Optional<UserSummary> find(UUID id);

    Optional<UserSummary> findByUsername(String username);

    List<UserSummary> activeUsers();

    /** Display names by id, for pages that show who did what; unknown and null ids are left out. */
    default Map<UUID, String> displayNames(Collection<UUID> ids) {
        Map<UUID, String> names = new java.util.LinkedHashMap<>();
        findAll(ids.stream().filter(java.util.Objects::nonNull).toList())
                .forEach((id, user) -> names.put(id, user.displayName()));
        return names;
    }

    /** Everyone in the team, active or not: a manager still sees what a departed rep owns. */
    java.util.Set<UUID> teamMembers(UUID teamId);

    /** Active people with any of the roles, e.g. the reps a lead can be transferred to. */
    default List<UserSummary> activeWithAnyRole(java.util.Set<Role> roles) {
        return activeUsers().stream().filter(user -> user.roles().stream().anyMatch(roles::contains)).toList();
    }
}
