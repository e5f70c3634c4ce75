package org.ssi.ranking.rank.service;

/** Counts per score bucket with O(log n) update and prefix sum (a binary indexed tree). */
final class Fenwick {

    private final long[] tree;

    Fenwick(int size) {
        tree = new long[size + 1];
    }

    void add(int index, long delta) {
        for (int i = index + 1; i < tree.length; i += i & -i) {
            tree[i] += delta;
        }
    }

    /** The sum of buckets 0 to {@code index}, inclusive; 0 for a negative index. */
    long prefix(int index) {
        long sum = 0;
        for (int i = Math.min(index + 1, tree.length - 1); i > 0; i -= i & -i) {
            sum += tree[i];
        }
        return sum;
    }

    long at(int index) {
        return prefix(index) - prefix(index - 1);
    }
}
