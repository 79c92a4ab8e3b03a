package io.tandem.security;

import java.util.Arrays;
import java.util.Optional;

/** What a machine client may do with a personal API token, on top of what its user's roles allow. */
public enum TokenScope {
    READ("read"), LEADS_WRITE("leads:write"), ACTIVITIES_WRITE("activities:write");

    private final String code;

    TokenScope(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String authority() {
        return "SCOPE_" + code;
    }

    public static Optional<TokenScope> fromCode(String code) {
        return Arrays.stream(values()).filter(scope -> scope.code.equals(code)).findFirst();
    }
}
