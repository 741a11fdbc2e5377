package dev.sockeye.api.auth;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link TokenFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller authenticated) {
        caller = authenticated;
    }

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return caller;
    }

    /** The actor recorded with writes made by this request. */
    public String actor() {
        return get().actor();
    }
}
