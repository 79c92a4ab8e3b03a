package io.tandem.lead;

import java.util.List;
import java.util.Optional;

import io.tandem.shared.Actor;

/** The custom fields an admin added to leads. */
public interface CustomFieldCatalog {

    List<CustomFieldDefinition> all();

    Optional<CustomFieldDefinition> find(String key);

    /** Adds a field, or changes the labels and options of an existing one (its type never changes). */
    CustomFieldDefinition define(CustomFieldDefinition definition, Actor actor);
}
