package dev.moor.spec;

import java.util.Comparator;

/** Where something starts in a file: 1-based line and column. */
record Position(int line, int column) implements Comparable<Position> {
    static final Position START = new Position(1, 1);

    private static final Comparator<Position> ORDER =
            Comparator.comparingInt(Position::line).thenComparingInt(Position::column);

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }
}
