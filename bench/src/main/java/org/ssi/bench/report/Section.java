package org.ssi.bench.report;

import java.util.ArrayList;
import java.util.List;

/** What one benchmark found: its figures and the notes that say how they were measured. */
public final class Section {

    private final String name;
    private final String title;
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();

    public Section(String name, String title) {
        this.name = name;
        this.title = title;
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    public List<Figure> figures() {
        return figures;
    }

    public List<String> notes() {
        return notes;
    }

    /** The goals this benchmark measured, for the summary at the top of the report. */
    public List<Goal> goals() {
        return goals;
    }

    public Section figure(Figure figure) {
        figures.add(figure);
        System.out.println("[bench] " + name + ": " + BenchmarkReport.describe(figure));
        System.out.flush();
        return this;
    }

    public Section goal(Goal goal) {
        goals.add(goal);
        System.out.println("[bench] " + name + ": goal " + goal.statement() + ": " + goal.verdict());
        System.out.flush();
        return this;
    }

    public Section note(String note) {
        notes.add(note);
        return this;
    }
}
