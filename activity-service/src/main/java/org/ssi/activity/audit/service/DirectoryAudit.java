package org.ssi.activity.audit.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The audit trail of the directory: every write by any client, and every addition to the industry catalogue, as one
 * line of the {@code ssi.audit} log category (the gateway writes admins' reads of individuals there too). A line
 * says who (principal and roles), what, and which id. Writes are recorded once their transaction committed, so the
 * trail never shows a change that did not happen; refusals that matter to an investigator are recorded too.
 */
@ApplicationScoped
public class DirectoryAudit {

    public static final String CATEGORY = "ssi.audit";
    private static final Logger AUDIT = Logger.getLogger(CATEGORY);

    public void memberWritten(Caller caller, String memberId, String industry, boolean created) {
        AUDIT.infof(
                "directory: %s %s member %s (industry %s)",
                caller, created ? "created" : "replaced", memberId, industry);
    }

    public void teamWritten(Caller caller, String teamId, boolean created) {
        AUDIT.infof("directory: %s %s team %s", caller, created ? "created" : "replaced", teamId);
    }

    /** An industry entered the catalogue; {@code because} says through which write. */
    public void industryAdded(Caller caller, String code, String because) {
        AUDIT.infof("directory: %s added industry %s to the catalogue (%s)", caller, code, because);
    }

    public void industryReplaced(Caller caller, String code) {
        AUDIT.infof("directory: %s replaced the name of industry %s", caller, code);
    }

    /** A writer who may not add industries named one that is not catalogued; nothing changed. */
    public void industryRefused(Caller caller, String code, String memberId) {
        AUDIT.infof("directory: %s was refused member %s: industry %s is not in the catalogue", caller, memberId, code);
    }

    /** One line per directory import, with its counts, whether it ran to the end or stopped. */
    public void imported(Caller caller, String importId, String outcome, String summary) {
        AUDIT.infof("directory: %s import %s %s: %s", caller, importId, outcome, summary);
    }
}
