package io.tandem.lead.internal;

/** One way of recognising a person. The order of the kinds is their strength when they disagree. */
record IdentityKey(Kind kind, String value) implements Comparable<IdentityKey> {

    enum Kind {
        EMAIL, PHONE, ANON
    }

    static IdentityKey email(String value) {
        return new IdentityKey(Kind.EMAIL, value);
    }

    static IdentityKey phone(String value) {
        return new IdentityKey(Kind.PHONE, value);
    }

    static IdentityKey anonymous(String value) {
        return new IdentityKey(Kind.ANON, value);
    }

    @Override
    public int compareTo(IdentityKey other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : value.compareTo(other.value);
    }
}
