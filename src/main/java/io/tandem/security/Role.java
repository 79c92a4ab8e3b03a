package io.tandem.security;

/** What a person does in the company; decides the workspaces they see. */
public enum Role {
    ADMIN, MARKETING, SDR, SALES_REP, SALES_MANAGER, EXECUTIVE;

    public String authority() {
        return "ROLE_" + name();
    }
}
