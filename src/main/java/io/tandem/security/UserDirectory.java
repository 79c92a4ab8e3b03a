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

    /** The person's e-mail address and language, for notifications outside Tandem. */
    Optional<UserContact> contact(UUID userId);

    /** Every team, by name. */
    List<TeamSummary> teamSummaries();

    /** The manager of the person's team, if the person has a team with a manager other than themself. */
    default Optional<UUID> managerOf(UUID userId) {
        return find(userId).map(UserSummary::teamId).flatMap(team -> teamSummaries().stream()
                .filter(t -> t.id().equals(team)).findFirst()).map(TeamSummary::managerId)
                .filter(manager -> !manager.equals(userId));
    }

    /** The teams the person manages. */
    default List<TeamSummary> teamsManagedBy(UUID userId) {
        return teamSummaries().stream().filter(team -> userId.equals(team.managerId())).toList();
    }

    /** Active people with any of the roles, e.g. the reps a lead can be transferred to. */
    default List<UserSummary> activeWithAnyRole(java.util.Set<Role> roles) {
        return activeUsers().stream().filter(user -> user.roles().stream().anyMatch(roles::contains)).toList();
    }
}
