package io.tandem.lead.internal;

import java.util.ArrayList;
import java.util.HashMap;
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
        Map<IdentityKey, Integer> firstSeen = new HashMap<>(candidates.size() * 4);
        for (int i = 0; i < candidates.size(); i++) {
            for (IdentityKey key : candidates.get(i).keys()) {
                Integer other = firstSeen.putIfAbsent(key, i);
                if (other != null) {
                    union(parent, i, other);
                }
            }
        }
        // In the order of each group's first member.
        Group[] byRoot = new Group[candidates.size()];
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            int root = find(parent, i);
            if (byRoot[root] == null) {
                byRoot[root] = new Group(new ArrayList<>(1), new TreeSet<>());
                groups.add(byRoot[root]);
            }
            byRoot[root].members().add(candidates.get(i));
            byRoot[root].keys().addAll(candidates.get(i).keys());
        }
        return List.copyOf(groups);
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
