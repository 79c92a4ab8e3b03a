package io.tandem.security.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.security.NewUser;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.NotFoundException;

@Service
public class UserAccounts implements UserDetailsService, UserDirectory, UserManagement {

    static final int MIN_PASSWORD_LENGTH = 10;

    private final Users users;
    private final Teams teams;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog audit;
    private final MobileNumbers mobiles;
    private final Clock clock;

    UserAccounts(Users users, Teams teams, PasswordEncoder passwordEncoder, AuditLog audit, MobileNumbers mobiles,
            Clock clock) {
        this.users = users;
        this.teams = teams;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.mobiles = mobiles;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return users.findByUsername(User.normaliseUsername(username)).map(TandemUserDetails::new)
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    @Override
    @Transactional
    public UserSummary createUser(NewUser request, Actor actor) {
        return create(request, actor).summary();
    }

    @Transactional
    public User create(NewUser request, Actor actor) {
        return create(request, null, actor);
    }

    /** A new user with a mobile number for text messages (any form; stored in E.164). */
    @Transactional
    public User create(NewUser request, String mobile, Actor actor) {
        checkPassword(request.password());
        String e164 = mobiles.normalise(mobile);
        if (users.findByUsername(User.normaliseUsername(request.username())).isPresent()) {
            throw BadInputException.of("username", "is already taken");
        }
        if (!request.username().trim().matches("[A-Za-z0-9._@-]{2,64}")) {
            throw BadInputException.of("username", "use 2–64 letters, digits, dots, dashes or underscores");
        }
        if (request.roles().isEmpty()) {
            throw BadInputException.of("roles", "choose at least one role");
        }
        User user = User.create(request.username(), request.displayName(), blankToNull(request.email()),
                passwordEncoder.encode(request.password()), request.roles(), request.teamId(), clock.instant());
        user.changeMobile(e164);
        try {
            users.save(user);
        } catch (DuplicateKeyException e) {
            throw BadInputException.of("username", "is already taken");
        }
        audit.record(actor, AuditAction.USER_CREATED, "user", user.id(), user.username() + " " + request.roles());
        return user;
    }

    /** {@code mobile}: any form, stored in E.164; empty removes it, {@code null} keeps it. */
    @Transactional
    public void update(UUID id, String displayName, String email, String mobile, Set<Role> roles, UUID teamId,
            boolean active, Actor actor) {
        if (roles.isEmpty()) {
            throw BadInputException.of("roles", "choose at least one role");
        }
        User user = get(id);
        user.update(displayName, blankToNull(email), roles, teamId, active);
        if (mobile != null) {
            user.changeMobile(mobiles.normalise(mobile));
        }
        users.save(user);
        audit.record(actor, AuditAction.USER_UPDATED, "user", id, user.username() + " " + roles
                + (active ? "" : " (deactivated)"));
    }

    @Transactional
    public void resetPassword(UUID id, String newPassword, Actor actor) {
        checkPassword(newPassword);
        User user = get(id);
        user.changePassword(passwordEncoder.encode(newPassword));
        users.save(user);
        audit.record(actor, AuditAction.PASSWORD_RESET, "user", id, user.username());
    }

    @Transactional
    public void preferLocale(UUID id, String locale) {
        User user = get(id);
        user.preferLocale(locale);
        users.save(user);
    }

    public User get(UUID id) {
        return users.findById(id).orElseThrow(() -> new NotFoundException("User", id));
    }

    public List<User> all() {
        return users.findAllByOrderByUsername();
    }

    public boolean noUsersYet() {
        return users.count() == 0;
    }

    @Override
    public Map<UUID, UserSummary> findAll(Collection<UUID> ids) {
        return users.findAllById(ids.stream().filter(java.util.Objects::nonNull).distinct().toList()).stream()
                .map(User::summary).collect(Collectors.toMap(UserSummary::id, Function.identity()));
    }

    @Override
    public java.util.Set<UUID> teamMembers(UUID teamId) {
        return all().stream().filter(user -> teamId.equals(user.summary().teamId())).map(User::id)
                .collect(Collectors.toSet());
    }

    @Override
    public Optional<UserSummary> find(UUID id) {
        return id == null ? Optional.empty() : users.findById(id).map(User::summary);
    }

    @Override
    public Optional<UserSummary> findByUsername(String username) {
        return users.findByUsername(User.normaliseUsername(username)).map(User::summary);
    }

    @Override
    public List<UserSummary> activeUsers() {
        return users.findByActiveTrueOrderByDisplayName().stream().map(User::summary).toList();
    }

    public List<Team> teams() {
        return teams.findAllByOrderByName();
    }

    @Override
    public Optional<io.tandem.security.UserContact> contact(UUID userId) {
        return userId == null ? Optional.empty() : users.findById(userId).map(user -> new io.tandem.security.UserContact(
                user.id(), user.displayName(), user.email(), user.locale(), user.active(), user.mobile()));
    }

    @Override
    public List<io.tandem.security.TeamSummary> teamSummaries() {
        return teams().stream().map(team -> new io.tandem.security.TeamSummary(team.id(), team.name(),
                team.managerId())).toList();
    }

    @Override
    @Transactional
    public UUID createTeam(String name, Actor actor) {
        return teams.findAllByOrderByName().stream().filter(team -> team.name().equalsIgnoreCase(name.trim()))
                .findFirst().map(Team::id).orElseGet(() -> createTeam(name, null, actor).id());
    }

    @Transactional
    public Team createTeam(String name, UUID managerId, Actor actor) {
        if (name == null || name.isBlank()) {
            throw BadInputException.of("name", "must not be empty");
        }
        Team team = Team.create(name, managerId, clock.instant());
        try {
            teams.save(team);
        } catch (DuplicateKeyException e) {
            throw BadInputException.of("name", "a team with this name exists");
        }
        audit.record(actor, AuditAction.CREATED, "team", team.id(), team.name());
        return team;
    }

    @Override
    @Transactional
    public void updateTeam(UUID id, String name, UUID managerId, Actor actor) {
        if (name == null || name.isBlank()) {
            throw BadInputException.of("name", "must not be empty");
        }
        Team team = teams.findById(id).orElseThrow(() -> new NotFoundException("Team", id));
        team.rename(name, managerId);
        try {
            teams.save(team);
        } catch (DuplicateKeyException e) {
            throw BadInputException.of("name", "a team with this name exists");
        }
        audit.record(actor, AuditAction.UPDATED, "team", id, team.name());
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw BadInputException.of("password", "must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

}
