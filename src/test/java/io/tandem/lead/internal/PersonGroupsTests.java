package io.tandem.lead.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tandem.lead.LeadField;

class PersonGroupsTests {

    static Candidate candidate(int index, IdentityKey... keys) {
        return new Candidate(index, new EnumMap<>(LeadField.class), List.of(keys), null, Set.of(), Map.of(), null,
                null);
    }

    @Test
    void rowsSharingAMobileNumberAreOnePersonWithBothAddresses() {
        List<PersonGroups.Group> groups = PersonGroups.of(List.of(
                candidate(0, IdentityKey.email("a@x.cn"), IdentityKey.phone("+8613800000001")),
                candidate(1, IdentityKey.email("b@x.cn"), IdentityKey.phone("+8613800000001"))));

        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).keys()).containsExactlyInAnyOrder(IdentityKey.email("a@x.cn"),
                IdentityKey.email("b@x.cn"), IdentityKey.phone("+8613800000001"));
    }

    @Test
    void identitiesChainAcrossRows() {
        List<PersonGroups.Group> groups = PersonGroups.of(List.of(
                candidate(0, IdentityKey.email("a@x.cn")),
                candidate(1, IdentityKey.email("c@x.cn"), IdentityKey.phone("+8613800000002")),
                candidate(2, IdentityKey.email("a@x.cn"), IdentityKey.phone("+8613800000002")),
                candidate(3, IdentityKey.email("other@x.cn"))));

        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).members()).extracting(Candidate::index).containsExactly(0, 1, 2);
        assertThat(groups.get(1).members()).extracting(Candidate::index).containsExactly(3);
    }

    @Test
    void theEmailIsTheStrongestKeyOfAGroup() {
        PersonGroups.Group group = PersonGroups.of(List.of(candidate(0, IdentityKey.anonymous("visitor-1"),
                IdentityKey.phone("+8613800000003"), IdentityKey.email("z@x.cn")))).get(0);

        assertThat(group.keys().first()).isEqualTo(IdentityKey.email("z@x.cn"));
    }
}
