package io.tandem.security.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import io.tandem.shared.Ids;

@Table("team")
public class Team {

    @Id
    private UUID id;
    private String name;
    private UUID managerId;
    private Instant createdAt;
    @Version
    private Integer version;

    Team() {
    }

    static Team create(String name, UUID managerId, Instant now) {
        Team team = new Team();
        team.id = Ids.next();
        team.name = name.trim();
        team.managerId = managerId;
        team.createdAt = now;
        return team;
    }

    void rename(String newName, UUID newManagerId) {
        this.name = newName.trim();
        this.managerId = newManagerId;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public UUID managerId() {
        return managerId;
    }
}
