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
}
