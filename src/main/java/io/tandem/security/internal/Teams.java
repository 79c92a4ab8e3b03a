package io.tandem.security.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

public interface Teams extends ListCrudRepository<Team, UUID> {

    List<Team> findAllByOrderByName();
}
