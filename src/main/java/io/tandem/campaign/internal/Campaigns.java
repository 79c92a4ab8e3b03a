package io.tandem.campaign.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

public interface Campaigns extends ListCrudRepository<Campaign, UUID> {

    Optional<Campaign> findByFormKey(String formKey);

    List<Campaign> findAllByOrderByStartDateDescNameAsc();
}
