package org.ssi.ranking.snapshot.service;

import java.time.LocalDate;
import org.ssi.ranking.rank.service.GroupAggregate;

/** A group's figures as they stood on a day; a group under ten members carries only its size and the reason. */
public record GroupDay(String kind, String code, LocalDate day, GroupAggregate figures) {

    public static final String INDUSTRY = "industry";
    public static final String TEAM = "team";
}
