package io.tandem.lead.internal;
public final class Prof {
    static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> T = new java.util.concurrent.ConcurrentHashMap<>();
    public static void add(String name, long start) { T.computeIfAbsent(name, k -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(System.nanoTime() - start); }
    public static String dump() { StringBuilder b = new StringBuilder(); T.forEach((k, v) -> b.append(k).append('=').append(v.get() / 1_000_000).append("ms ")); T.clear(); return b.toString(); }
}
