package org.ssi.activity.member.service;

/**
 * Text that PostgreSQL can store as it was sent: no NUL character (a {@code text} column refuses it, so storing it
 * failed with a 500) and no half of a surrogate pair (the driver would store a {@code ?} in its place, silently).
 */
public final class StorableText {

    private StorableText() {}

    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
