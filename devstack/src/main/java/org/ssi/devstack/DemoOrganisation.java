package org.ssi.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.ssi.devstack.simulation.Simulation;

/**
 * The simulated organisation around the demo users (design/api.md, "The demo realm": at least 10,000 members across
 * several industries with 120 days of activity), loaded by the first {@code ./ssi up} and remembered in
 * {@code $SSI_HOME/demo-organisation.properties}, so later starts load nothing again. Delete that file to load it
 * again (with the same seed and a new end day it adds a fresh 120 days). {@code SSI_DEMO_MEMBERS} sets the size
 * (0: none). It does not wait for scoring: the suite is usable at once, and the scores follow (see the README for the
 * times measured).
 */
public final class DemoOrganisation {

    public static final int MEMBERS = 10_000;
    public static final int DAYS = 120;
    public static final long SEED = 2026;

    private final StackConfig config;
    private final String token;
    private final String adminToken;

    public DemoOrganisation(StackConfig config, String ingestToken, String adminToken) {
        this.config = config;
        this.token = ingestToken;
        this.adminToken = adminToken;
    }

    Path marker() {
        return config.home().resolve("demo-organisation.properties");
    }

    /** Loads the organisation unless a previous start did; answers whether it loaded it now. */
    public boolean loadOnce() throws InterruptedException, SQLException {
        int members = members();
        if (members == 0) {
            return false;
        }
        if (Files.exists(marker())) {
            System.out.println("[ssi] the simulated organisation was loaded before (" + marker() + ")");
            return false;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        System.out.println("[ssi] loading the simulated organisation: " + members + " members, " + DAYS
                + " days of activity (once)");
        new Simulation(config, token, adminToken, System.out)
                .run(new Simulation.Options(members, DAYS, SEED, today, false, false));
        System.out.println("[ssi] the simulated organisation is in; scoring and ranking catch up in the background"
                + " (until then some members show no score or an older one)");
        try {
            Files.writeString(
                    marker(),
                    "# the simulated demo organisation loaded by ./ssi up; delete this file to load it again\n"
                            + "members=" + members + "\ndays=" + DAYS + "\nseed=" + SEED + "\nend=" + today + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private static int members() {
        String value = System.getenv("SSI_DEMO_MEMBERS");
        try {
            return value == null ? MEMBERS : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SSI_DEMO_MEMBERS must be a number, not " + value);
        }
    }
}
