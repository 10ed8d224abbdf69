package dev.tandem.auth;

import java.util.Map;
import java.util.Optional;

/**
 * The grants of one document: user id to role, where {@link UserIds#EVERYONE} is a grant to every
 * user. A document that was never created has none, and neither has one whose grants were all
 * removed, which only happens through SQL because the last owner cannot be removed.
 */
public record DocumentGrants(Map<String, Role> roles) {

    public static final DocumentGrants NONE = new DocumentGrants(Map.of());

    public DocumentGrants {
        roles = Map.copyOf(roles);
    }

    /** Returns the stronger of the user's own role and the role granted to everyone. */
    public Optional<Role> roleOf(String userId) {
        Role own = roles.get(userId);
        Role everyone = roles.get(UserIds.EVERYONE);
        if (own == null) {
            return Optional.ofNullable(everyone);
        }
        return Optional.of(everyone != null && everyone.compareTo(own) > 0 ? everyone : own);
    }

    /** True when nobody has a grant, which means that the document was never created or its grants were deleted with SQL. */
    public boolean unclaimed() {
        return roles.isEmpty();
    }

    public long owners() {
        return roles.entrySet().stream().filter(e -> e.getValue() == Role.OWNER && !e.getKey().equals(UserIds.EVERYONE))
                .count();
    }
}
