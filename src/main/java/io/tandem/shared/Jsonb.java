package io.tandem.shared;

/** A JSON document stored in a {@code jsonb} column of an aggregate. */
public record Jsonb(String json) {

    public static final Jsonb EMPTY_OBJECT = new Jsonb("{}");
}
