package org.ssi.gateway.caller;

/** The roles the gateway's endpoints name. */
public final class Roles {

    public static final String REP = "rep";
    public static final String MANAGER = "manager";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";
    public static final String INGEST = "ingest";

    /**
     * Given by the gateway, never by a token: a person signed in through the portal or the command line, as opposed to
     * a write-only client. Endpoints open to any signed-in person require it.
     */
    public static final String PERSON = "ssi-gateway-person";

    private Roles() {}
}
