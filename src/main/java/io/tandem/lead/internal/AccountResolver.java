package io.tandem.lead.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.tandem.lead.LeadField;
import io.tandem.shared.Ids;
import io.tandem.shared.db.SqlArrays;

/**
 * Matches leads to accounts: first by corporate email domain (free-mail domains never match), then by normalised
 * company name; creates the account when none matches.
 * <p>
 * Accounts already matched once are remembered: an import meets the same few thousand companies in every chunk, and
 * reading them back each time was as much work as matching. An account never loses or changes its domain or name key
 * (nothing deletes, merges or renames accounts), so what was true once stays true; only accounts of committed
 * transactions are remembered, never ones that a rollback could still undo. A feature that deletes or re-keys
 * accounts must forget them here.
 */
@Component
class AccountResolver {

    private static final String DOMAIN = "d:";
    private static final String NAME = "n:";

    private final JdbcClient jdbc;
    /** Account ids by {@code "d:" + domain} and {@code "n:" + name key}. */
    private final Cache<String, UUID> committed = Caffeine.newBuilder().maximumSize(200_000).build();

    AccountResolver(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Keys(String domain, String nameKey, String displayName) {
    }

    /** An account and the keys it was found by; {@code remembered} when this instance knew it already. */
    private record Known(UUID id, String domain, String nameKey, boolean remembered) {
    }

    void assign(List<Lead> records, Instant now) {
        Map<Lead, Keys> wanted = new HashMap<>();
        for (Lead record : records) {
            if (!record.isNew() && !record.accountStale()) {
                continue;
            }
            Keys keys = keysOf(record);
            if (keys != null) {
                wanted.put(record, keys);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, UUID> byDomain = new HashMap<>();
        Map<String, UUID> byName = new HashMap<>();
        // What to remember once committed: the accounts read from the database or created here, not those known.
        List<Known> news = new ArrayList<>();
        known(wanted.values()).forEach(k -> remember(k, byDomain, byName, news));

        Map<UUID, Keys> toCreate = new HashMap<>();
        for (Map.Entry<Lead, Keys> entry : wanted.entrySet()) {
            Keys keys = entry.getValue();
            UUID accountId = match(keys, byDomain, byName);
            if (accountId == null) {
                accountId = Ids.next();
                toCreate.put(accountId, keys);
                remember(new Known(accountId, keys.domain(), keys.nameKey(), false), byDomain, byName, news);
            }
            entry.getKey().assignAccount(accountId);
        }
        if (!toCreate.isEmpty()) {
            Set<UUID> created = create(toCreate, now);
            if (created.size() < toCreate.size()) {
                news.removeIf(known -> toCreate.containsKey(known.id()) && !created.contains(known.id()));
                // Another capture created some of these accounts a moment ago: use theirs.
                byDomain.clear();
                byName.clear();
                known(wanted.values()).forEach(k -> remember(k, byDomain, byName, news));
                for (Map.Entry<Lead, Keys> entry : wanted.entrySet()) {
                    if (!created.contains(entry.getKey().accountId())) {
                        entry.getKey().assignAccount(match(entry.getValue(), byDomain, byName));
                    }
                }
            }
        }
        rememberOnceCommitted(news);
    }

    private void rememberOnceCommitted(List<Known> news) {
        if (news.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        Map<String, UUID> accounts = new HashMap<>(news.size() * 3);
        for (Known known : news) {
            if (known.domain() != null) {
                accounts.putIfAbsent(DOMAIN + known.domain(), known.id());
            }
            if (known.nameKey() != null) {
                accounts.putIfAbsent(NAME + known.nameKey(), known.id());
            }
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                committed.putAll(accounts);
            }
        });
    }

    static Keys keysOf(Lead record) {
        String email = record.get(LeadField.EMAIL);
        String domain = email == null ? null : EmailAddresses.domainOf(email);
        if (!EmailAddresses.isCorporate(domain)) {
            domain = null;
        }
        String company = record.get(LeadField.COMPANY);
        String nameKey = record.companyKey();
        if (domain == null && nameKey == null) {
            return null;
        }
        if (nameKey == null) {
            nameKey = "@" + domain;
        }
        return new Keys(domain, nameKey, company != null ? company : domain);
    }

    private static UUID match(Keys keys, Map<String, UUID> byDomain, Map<String, UUID> byName) {
        UUID id = keys.domain() == null ? null : byDomain.get(keys.domain());
        return id != null ? id : byName.get(keys.nameKey());
    }

    private static void remember(Known known, Map<String, UUID> byDomain, Map<String, UUID> byName,
            List<Known> news) {
        if (!known.remembered()) {
            news.add(known);
        }
        if (known.domain() != null) {
            byDomain.putIfAbsent(known.domain(), known.id());
        }
        if (known.nameKey() != null) {
            byName.putIfAbsent(known.nameKey(), known.id());
        }
    }

    /** The accounts with these domains or name keys: remembered ones first, the database for the others. */
    private List<Known> known(java.util.Collection<Keys> keys) {
        List<Known> known = new ArrayList<>();
        Set<String> domains = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (Keys k : keys) {
            if (k.domain() != null) {
                UUID byDomain = committed.getIfPresent(DOMAIN + k.domain());
                if (byDomain != null) {
                    known.add(new Known(byDomain, k.domain(), null, true));
                } else {
                    domains.add(k.domain());
                }
            }
            UUID byName = committed.getIfPresent(NAME + k.nameKey());
            if (byName != null) {
                known.add(new Known(byName, null, k.nameKey(), true));
            } else {
                names.add(k.nameKey());
            }
        }
        if (domains.isEmpty() && names.isEmpty()) {
            return known;
        }
        jdbc.sql("""
                select id, domain, name_key from account where domain = any(:domains) or name_key = any(:names)
                """)
                .param("domains", domains.toArray(String[]::new))
                .param("names", names.toArray(String[]::new))
                .query((rs, n) -> new Known(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), false))
                .list().forEach(known::add);
        return known;
    }

    private Set<UUID> create(Map<UUID, Keys> accounts, Instant now) {
        // Chunks imported side by side create accounts of the same companies: inserting in the order of the unique
        // name key makes the later one wait for the earlier instead of both waiting for each other.
        List<UUID> ids = new ArrayList<>(accounts.keySet());
        ids.sort(java.util.Comparator.comparing(id -> accounts.get(id).nameKey()));
        Set<UUID> created = new java.util.HashSet<>();
        jdbc.sql("""
                insert into account (id, name, name_key, domain, created_at, updated_at)
                select id, name, name_key, domain, :now, :now
                from unnest(:ids::uuid[], :names::text[], :keys::text[], :domains::text[])
                    with ordinality as a(id, name, name_key, domain, position)
                order by position
                on conflict do nothing
                returning id
                """)
                .param("now", LeadStore.utc(now))
                .param("ids", SqlArrays.uuids(ids))
                .param("names", ids.stream().map(id -> accounts.get(id).displayName()).toArray(String[]::new))
                .param("keys", ids.stream().map(id -> accounts.get(id).nameKey()).toArray(String[]::new))
                .param("domains", ids.stream().map(id -> accounts.get(id).domain()).toArray(String[]::new))
                .query(rs -> {
                    created.add(rs.getObject(1, UUID.class));
                });
        return created;
    }
}
