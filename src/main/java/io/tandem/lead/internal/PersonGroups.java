package io.tandem.lead.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Items of one capture that share an email address, a mobile number or a visitor id describe one person. Rows
 * {email a, phone p} and {email b, phone p} are one person with two addresses.
 */
final class PersonGroups {

    private PersonGroups() {
    }

    record Group(List<Candidate> members, TreeSet<IdentityKey> keys) {
    }

    static List<Group> of(List<Candidate> candidates) {
        int[] parent = new int[candidates.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<IdentityKey, Integer> firstSeen = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            for (IdentityKey key : candidates.get(i).keys()) {
                Integer other = firstSeen.putIfAbsent(key, i);
                if (other != null) {
                    union(parent, i, other);
                }
            }
        }
        Map<Integer, Group> groups = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            Group group = groups.computeIfAbsent(find(parent, i), root -> new Group(new ArrayList<>(), new TreeSet<>()));
            group.members().add(candidates.get(i));
            group.keys().addAll(candidates.get(i).keys());
        }
        return List.copyOf(groups.values());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int rootA = find(parent, a);
        int rootB = find(parent, b);
        if (rootA != rootB) {
            parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
        }
    }
}
