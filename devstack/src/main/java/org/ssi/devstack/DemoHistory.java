package org.ssi.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The score history of the demo organisation: its activity goes back {@value DemoOrganisation#DAYS} days, but scores
 * are kept from the day they are computed, so a fresh suite would show one day of history. This runs the daily
 * rollover ({@code POST /api/v1/admin/rollover?day=}, as the demo admin) for each of the last {@value #DAYS} days
 * before today, oldest first, so that each day carries the one before it forward: what the suite would have kept
 * had it run all along. In the background after {@code ./ssi up} reports the suite up, with its progress in the log;
 * once, remembered in {@code $SSI_HOME/demo-history.properties}; then it publishes the first release of group
 * figures. Every rollover is idempotent, so a start stopped
 * half-way simply runs it again on the next start.
 */
public final class DemoHistory {

    /** The history pages show the last 90 days by default (design/api.md). */
    public static final int DAYS = 90;

    private static final int PROGRESS_EVERY = 15;

    private final StackConfig config;

    public DemoHistory(StackConfig config) {
        this.config = config;
    }

    Path marker() {
        return config.home().resolve("demo-history.properties");
    }

    /** Starts filling the history in a daemon thread, unless there is no demo organisation or it was filled. */
    void fillInBackground(Path organisationMarker) {
        if (!Files.exists(organisationMarker) || Files.exists(marker())) {
            return;
        }
        Thread filling = new Thread(this::fillQuietly, "demo-history");
        filling.setDaemon(true);
        filling.start();
    }

    private void fillQuietly() {
        try {
            fill(LocalDate.now(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            System.err.println(
                    "[ssi] filling the demo history failed (it is tried again at the next start): " + e.getMessage());
        }
    }

    /**
     * Publishes the first release of group figures and ranks (docs/privacy.md), so that managers and reps see them
     * now rather than after the next daily release at 00:30 UTC.
     */
    private void publishRelease() {
        String token = Http.passwordToken(config.realmUrl(), "root", "root");
        Http.Answer answer = Http.send("POST", config.gatewayUrl() + "/api/v1/admin/releases", token, "");
        if (answer.status() != 201) {
            throw new IllegalStateException("publishing a release answered " + answer.status() + ": " + answer.body());
        }
        System.out.println("[ssi] history: released the group figures and ranks: " + answer.body());
    }

    /** Runs the rollover of each of the {@value #DAYS} days before {@code today}, oldest first; then the marker. */
    public void fill(LocalDate today) {
        System.out.println("[ssi] history: scoring the demo organisation's last " + DAYS
                + " days in the background, oldest first (a few minutes; /me/ssi/history fills in meanwhile)");
        long began = System.nanoTime();
        for (int back = DAYS; back >= 1; back--) {
            LocalDate day = today.minusDays(back);
            String token = Http.passwordToken(config.realmUrl(), "root", "root");
            Http.Answer answer =
                    Http.send("POST", config.gatewayUrl() + "/api/v1/admin/rollover?day=" + day, token, "");
            if (answer.status() != 200) {
                throw new IllegalStateException(
                        "the rollover of " + day + " answered " + answer.status() + ": " + answer.body());
            }
            int done = DAYS - back + 1;
            if (done % PROGRESS_EVERY == 0 || done == DAYS) {
                System.out.printf(
                        "[ssi] history: %d/%d days scored (up to %s), %.0f s%n",
                        done, DAYS, day, (System.nanoTime() - began) / 1e9);
            }
        }
        publishRelease();
        try {
            Files.writeString(
                    marker(),
                    "# the demo organisation's history filled by ./ssi up; delete this file to fill it again\n"
                            + "days=" + DAYS + "\nend=" + today.minusDays(1) + "\n");
        } catch (IOException e) {
            System.err.println("[ssi] could not write " + marker() + ": " + e.getMessage());
        }
    }
}
