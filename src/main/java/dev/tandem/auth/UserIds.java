package dev.tandem.auth;

/** Rules for user ids, which are stored as PostgreSQL text and name grants. */
public final class UserIds {

    /** The user id of a grant to everyone. No token or dev name may claim it. */
    public static final String EVERYONE = "*";
    public static final int MAX_LENGTH = 256;

    private UserIds() {
    }

    /** Returns why {@code userId} cannot be a user's id, or {@code null} when it can. */
    public static String problem(String userId) {
        if (userId == null || userId.isEmpty()) {
            return "must be a non-empty string";
        }
        if (userId.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (userId.equals(EVERYONE)) {
            return "must not be '*', which stands for everyone in grants";
        }
        for (int i = 0; i < userId.length(); i++) {
            char c = userId.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < userId.length()
                    && Character.isLowSurrogate(userId.charAt(i + 1));
            if (pairedHigh) {
                i++;
            } else if (c == 0 || Character.isSurrogate(c)) {
                return "must not contain U+0000 or a lone UTF-16 surrogate";
            }
        }
        return null;
    }
}
