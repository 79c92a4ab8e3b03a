package io.tandem.security.internal;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import io.tandem.security.Role;
import io.tandem.security.UserSummary;
import io.tandem.shared.Ids;

@Table("app_user")
public class User {

    @Id
    private UUID id;
    private String username;
    private String displayName;
    private String email;
    private String passwordHash;
    private Set<String> roles;
    private UUID teamId;
    private String locale;
    private String mobile;
    private boolean active;
    private Instant createdAt;
    @Version
    private Integer version;

    User() {
    }

    static User create(String username, String displayName, String email, String passwordHash, Set<Role> roles,
            UUID teamId, Instant now) {
        User user = new User();
        user.id = Ids.next();
        user.username = normaliseUsername(username);
        user.displayName = displayName;
        user.email = email;
        user.passwordHash = passwordHash;
        user.roles = toCodes(roles);
        user.teamId = teamId;
        user.active = true;
        user.createdAt = now;
        return user;
    }

    static String normaliseUsername(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    private static Set<String> toCodes(Set<Role> roles) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("A user needs at least one role");
        }
        return roles.stream().map(Role::name).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    void update(String displayName, String email, Set<Role> roles, UUID teamId, boolean active) {
        this.displayName = displayName;
        this.email = email;
        this.roles = toCodes(roles);
        this.teamId = teamId;
        this.active = active;
    }

    /** {@code mobile} in E.164, or {@code null}. */
    void changeMobile(String mobile) {
        this.mobile = mobile;
    }

    void changePassword(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    void preferLocale(String locale) {
        this.locale = locale;
    }

    public Set<Role> roles() {
        EnumSet<Role> result = EnumSet.noneOf(Role.class);
        roles.forEach(code -> result.add(Role.valueOf(code)));
        return result;
    }

    public UserSummary summary() {
        return new UserSummary(id, username, displayName, roles(), teamId, active);
    }

    public UUID id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String displayName() {
        return displayName;
    }

    public String email() {
        return email;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public UUID teamId() {
        return teamId;
    }

    public String locale() {
        return locale;
    }

    public String mobile() {
        return mobile;
    }

    public boolean active() {
        return active;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
